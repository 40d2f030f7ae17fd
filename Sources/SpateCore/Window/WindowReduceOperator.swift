/// Keyed event-time windows reduced by a host function (PyFlink's `WindowedStream.reduce`):
/// Spate assigns windows and keeps each (key, window) accumulator in a state slot; the host folds a
/// whole batch of arriving elements per call, and converts a fired window's results in one call.
final class WindowReduceOperator: WindowFiringOperator {
    let assigner: WindowAssigner
    let function: KeyedBatchFunction
    private let keyIndex = KeyIndex()
    private var windows = WindowSlots()
    private var state = Buffer<UInt64>()
    private var watermark = Int64.min
    private var operatorName = ""
    private var late: LateElements
    var lateCount: Int { late.count }
    private var rows: [Int32] = []
    private var slots = Buffer<Int64>()

    init(assigner: WindowAssigner, function: KeyedBatchFunction, lateOutput: Int? = nil) {
        self.assigner = assigner
        self.function = function
        late = LateElements(output: lateOutput)
    }

    deinit {
        HostServices.shared.releaseLive(state.elements)
        state.free()
        slots.free()
        windows.free()
    }

    func open(_ context: OperatorContext) throws(SpateError) {
        operatorName = context.operatorName
        try function.open(context)
    }

    func close() throws(SpateError) { try function.close() }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        let (keys, timestamps) = try windowInput(batch, operatorName: operatorName)
        let keySlots = try keyIndex.slots(for: keys)
        let size = assigner.size
        rows.removeAll(keepingCapacity: true)
        slots.removeAll()
        for row in 0..<batch.count {
            let key = keySlots[row]
            var taken = false
            try assigner.forEachWindow(of: timestamps[row]) { start throws(SpateError) in
                if start &+ size &- 1 <= watermark { return }
                taken = true
                let (slot, _) = windows.slot(key: key, start: start)
                rows.append(Int32(row))
                slots.append(Int64(slot))
            }
            if !taken { late.add(row: row) }
        }
        try late.flush(from: batch, to: output)
        guard !rows.isEmpty else { return }
        state.grow(to: windows.slotCapacity, filling: 0)
        // Sliding windows repeat rows and late rows drop out: hand the host exactly the rows folded.
        var identity = rows.count == batch.count
        if identity { for (position, row) in rows.enumerated() where row != Int32(position) { identity = false; break } }
        let folded = identity ? batch : rows.withUnsafeBufferPointer { batch.gather($0, move: false) }
        try function.accumulate(folded, slots: UnsafeBufferPointer(slots.elements), state: state.base!)
    }

    var reportedWatermark: Int64?  // the results carry no watermark
    var nextFiringWatermark: Int64? { windows.earliestStart.map { $0 &+ assigner.size &- 1 } }

    func processWatermark(_ watermark: Int64, output: Collector) throws(SpateError) {
        self.watermark = watermark
        let size = assigner.size
        let latestStart = assigner.latestCompleteStart(at: watermark)
        // The windows fired by this watermark, converted by the host a batch of about
        // `firedBatchRows` results at a time (not one call per window).
        slots.removeAll()
        var times = PrimitiveColumn<Int64>(type: .int64, capacity: Self.firedBatchRows)
        try windows.takeWindows(startingAtMost: latestStart) { start, fired throws(SpateError) in
            if slots.count > 0 && slots.count + fired.count > Self.firedBatchRows {
                try emitResults(times: times, output: output)
                times = PrimitiveColumn<Int64>(type: .int64, capacity: Self.firedBatchRows)
            }
            let timesOut = times.extendValues(by: fired.count)
            for (row, slot) in fired.enumerated() {
                slots.append(Int64(slot))
                timesOut[row] = start &+ size &- 1
            }
        }
        try emitResults(times: times, output: output)
        try output.emitWatermark(watermark)
    }

    static var firedBatchRows: Int { 4096 }

    /// Converts the accumulators of `slots` (then empties it) and sends them on with `times`.
    private func emitResults(times: PrimitiveColumn<Int64>, output: Collector) throws(SpateError) {
        defer { slots.removeAll() }
        guard slots.count > 0, let base = state.base,
              let batch = try function.emit(slots: UnsafeBufferPointer(slots.elements), state: base), batch.count > 0 else { return }
        guard batch.count == times.count else {
            throw SpateError(.runtime, "\(operatorName): \(batch.count) window results for \(times.count) windows")
        }
        try output.emit(RecordBatch(values: batch.values, timestamps: times))
    }
}
