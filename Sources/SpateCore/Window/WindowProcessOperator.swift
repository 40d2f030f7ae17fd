/// Work the host does on whole windows (PyFlink's `ProcessWindowFunction`/`WindowFunction`): one
/// call for every window that fires at a watermark, with all their elements.
public protocol WindowBatchFunction: AnyObject {
    func open(_ context: OperatorContext) throws(SpateError)
    /// `elements` holds the fired windows' elements one window after another: window i is rows
    /// `offsets[i]..<offsets[i + 1]`, spanning `[starts[i], ends[i])`.
    func process(windows elements: RecordBatch, offsets: [Int64], starts: [Int64], ends: [Int64],
                 watermark: Int64) throws(SpateError) -> RecordBatch?
    func close()
}

/// Keyed event-time windows that keep their elements until they fire (for functions that need the
/// whole window). Elements are kept in one growing column; each window remembers its rows.
final class WindowProcessOperator: StreamOperator {
    let assigner: WindowAssigner
    let function: WindowBatchFunction
    private let keyIndex = KeyIndex()
    private var windows = WindowSlots()
    private var store: Column?
    private var rowsOfSlot: [[Int32]] = []
    private var watermark = Int64.min
    private var operatorName = ""
    private(set) var lateCount = 0

    init(assigner: WindowAssigner, function: WindowBatchFunction) {
        self.assigner = assigner
        self.function = function
    }

    func open(_ context: OperatorContext) throws(SpateError) {
        operatorName = context.operatorName
        try function.open(context)
    }

    func close() { function.close() }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        guard let keys = batch.keys else { throw SpateError(.runtime, "\(operatorName) needs a keyed stream") }
        guard let timestamps = batch.timestamps else {
            throw SpateError(.invalidArgument, "\(operatorName): event-time windows need timestamps; call assign_timestamps_and_watermarks first")
        }
        let keySlots = try keyIndex.slots(for: keys)
        let stored = store ?? batch.values.makeEmpty()
        store = stored
        let base = Int32(stored.count)
        stored.appendRows(from: batch.values, count: batch.count)
        let size = assigner.size
        for row in 0..<batch.count {
            let key = keySlots[row]
            try assigner.forEachWindow(of: timestamps[row]) { start throws(SpateError) in
                if start &+ size &- 1 <= watermark {
                    lateCount += 1
                    return
                }
                let (slot, created) = windows.slot(key: key, start: start)
                let index = Int(slot)
                while rowsOfSlot.count <= index { rowsOfSlot.append([]) }
                if created { rowsOfSlot[index].removeAll(keepingCapacity: true) }
                rowsOfSlot[index].append(base + Int32(row))
            }
        }
    }

    func processWatermark(_ watermark: Int64, output: Collector) throws(SpateError) {
        self.watermark = watermark
        let size = assigner.size
        let latestStart = watermark == Int64.max ? Int64.max : watermark &- size &+ 1
        let fired = windows.takeWindows(startingAtMost: latestStart)
        if let store, !fired.isEmpty {
            var rows: [Int32] = []
            let times = PrimitiveColumn<Int64>(type: .int64)
            var offsets: [Int64] = [0]
            var starts: [Int64] = []
            var ends: [Int64] = []
            for (start, slots) in fired {
                for slot in slots {
                    rows.append(contentsOf: rowsOfSlot[Int(slot)])
                    // Results carry the window's max timestamp, as in Flink.
                    for _ in rowsOfSlot[Int(slot)] { times.append(start &+ size &- 1) }
                    rowsOfSlot[Int(slot)] = []
                    offsets.append(Int64(rows.count))
                    starts.append(start)
                    ends.append(start &+ size)
                }
            }
            let elements = RecordBatch(values: rows.withUnsafeBufferPointer { store.gather($0, move: false) },
                                       timestamps: times)
            if let result = try function.process(windows: elements, offsets: offsets, starts: starts, ends: ends,
                                                 watermark: watermark) {
                try output.emit(result)
            }
        }
        if windows.isEmpty { store = nil }  // every element has been handed on: start a new store
        try output.emitWatermark(watermark)
    }
}
