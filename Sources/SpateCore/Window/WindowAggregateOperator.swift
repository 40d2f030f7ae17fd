/// Keyed event-time windows with a built-in aggregation of a numeric value, run natively: each
/// (key, window) keeps one accumulator; a window fires when the watermark reaches its end - 1 and
/// emits its result with the window's max timestamp. Elements of windows already fired are late and
/// dropped (allowed lateness 0).
final class WindowAggregateOperator<Element: PrimitiveElement>: WindowFiringOperator {
    let assigner: WindowAssigner
    let kind: AggregationKind
    private let keyIndex = KeyIndex()
    private var windows = WindowAccumulators<Element>()
    private var watermark = Int64.min
    private var operatorName = ""
    private var valueType: DataType = .int64
    private var late: LateElements
    /// Elements dropped (or sent to the late side output) because their windows had already fired.
    var lateCount: Int { late.count }

    /// Fired windows' results are sent on in batches of about this many rows.
    static var firedBatchRows: Int { 4096 }

    init(assigner: WindowAssigner, kind: AggregationKind, lateOutput: Int? = nil) {
        self.assigner = assigner
        self.kind = kind
        late = LateElements(output: lateOutput)
    }

    deinit { windows.free() }

    func open(_ context: OperatorContext) throws(SpateError) { operatorName = context.operatorName }

    @_specialize(where Element == Int64)
    @_specialize(where Element == Double)
    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        let (keys, timestamps) = try windowInput(batch, operatorName: operatorName)
        let slots = try keyIndex.slots(for: keys)
        let numbers = unsafeDowncast(batch.values, to: PrimitiveColumn<Element>.self)
        valueType = numbers.type
        let values = numbers.values
        let times = timestamps.values
        let size = assigner.size
        for row in 0..<batch.count {
            let timestamp = times[row]
            let value = values[row]
            let key = Int(slots[row])
            var taken = false
            try assigner.forEachWindow(of: timestamp) { start throws(SpateError) in
                if start &+ size &- 1 <= watermark { return }
                taken = true
                let (accumulator, created) = windows.accumulator(key: key, start: start)
                if created {
                    accumulator.pointee = kind.first(value)
                } else {
                    guard let next = kind.fold(accumulator.pointee, value) else {
                        throw SpateError(.typeMismatch, "\(operatorName): a window sum overflows \(numbers.type.flinkName)")
                    }
                    accumulator.pointee = next
                }
            }
            if !taken { late.add(row: row) }
        }
        try late.flush(from: batch, to: output)
    }

    var reportedWatermark: Int64?  // the results carry no watermark
    var nextFiringWatermark: Int64? { windows.earliestStart.map { $0 &+ assigner.size &- 1 } }

    func processWatermark(_ watermark: Int64, output: Collector) throws(SpateError) {
        self.watermark = watermark
        let size = assigner.size
        let latestStart = assigner.latestCompleteStart(at: watermark)
        // The windows fired by this watermark, in batches of about `firedBatchRows` rows; each
        // result carries its window's max timestamp.
        var results = PrimitiveColumn<Element>(type: valueType, capacity: Self.firedBatchRows)
        var times = PrimitiveColumn<Int64>(type: .int64, capacity: Self.firedBatchRows)
        try windows.takeWindows(startingAtMost: latestStart) { start, count, emit throws(SpateError) in
            if results.count > 0 && results.count + count > Self.firedBatchRows {
                try output.emit(RecordBatch(values: results, timestamps: times))
                results = PrimitiveColumn<Element>(type: valueType, capacity: Self.firedBatchRows)
                times = PrimitiveColumn<Int64>(type: .int64, capacity: Self.firedBatchRows)
            }
            emit(results.extendValues(by: count))
            times.extendValues(by: count).initialize(repeating: start &+ size &- 1, count: count)
        }
        if results.count > 0 { try output.emit(RecordBatch(values: results, timestamps: times)) }
        try output.emitWatermark(watermark)
    }
}
