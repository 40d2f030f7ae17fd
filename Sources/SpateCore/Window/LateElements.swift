/// Elements no window takes any more: every window they belong to has fired and passed its allowed
/// lateness (Flink's "skipped and late" rule). Flink drops them, or sends them to the tag given to
/// `side_output_late_data`; here that tag is a side output of the window operator.
struct LateElements {
    /// The side output that receives late elements; nil: they are dropped.
    let output: Int?
    /// Late elements seen so far (Flink's `numLateRecordsDropped`, plus those sent to the side output).
    private(set) var count = 0
    private var rows: [Int32] = []

    init(output: Int?) { self.output = output }

    mutating func add(row: Int) {
        count += 1
        if output != nil { rows.append(Int32(row)) }
    }

    /// Sends the late rows of `batch` recorded since the last flush to the side output, with their
    /// timestamps.
    mutating func flush(from batch: RecordBatch, to collector: Collector) throws(SpateError) {
        guard let output, !rows.isEmpty else { return }
        let late = rows.withUnsafeBufferPointer { batch.gather($0, move: false) }
        rows.removeAll(keepingCapacity: true)
        let carrier = RecordBatch(values: batch.values.makeEmpty())
        carrier.sideOutputs = [output: RecordBatch(values: late.values, timestamps: late.timestamps, rowKinds: late.rowKinds)]
        try collector.emit(carrier)
    }
}
