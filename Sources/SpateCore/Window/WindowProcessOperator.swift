/// Work the host does on whole windows (PyFlink's `ProcessWindowFunction`/`WindowFunction`): one
/// call for every window that fires at a watermark, with all their elements.
public protocol WindowBatchFunction: AnyObject {
    func open(_ context: OperatorContext) throws(SpateError)
    /// `elements` holds the fired windows' elements one window after another: window i is rows
    /// `offsets[i]..<offsets[i + 1]`, spanning `[starts[i], ends[i])`.
    func process(windows elements: RecordBatch, offsets: [Int64], starts: [Int64], ends: [Int64],
                 watermark: Int64) throws(SpateError) -> RecordBatch?
    func close() throws(SpateError)
}

/// Keyed event-time windows that keep their elements until they fire (for functions that need the
/// whole window). Elements are kept in one growing column; each window remembers its rows.
final class WindowProcessOperator: WindowFiringOperator {
    let assigner: WindowAssigner
    let function: WindowBatchFunction
    /// How long after its end a window still takes elements (each late element fires it again).
    let allowedLateness: Int64
    private var fired = Set<Int64>()  // starts of windows fired and kept for late elements
    private let keyIndex = KeyIndex()
    private var windows = WindowSlots()
    private var store: Column?
    private var rowsOfSlot: [[Int32]] = []
    private var watermark = Int64.min
    private var operatorName = ""
    private var late: LateElements
    var lateCount: Int { late.count }

    init(assigner: WindowAssigner, function: WindowBatchFunction, allowedLateness: Int64 = 0, lateOutput: Int? = nil) {
        self.assigner = assigner
        self.function = function
        self.allowedLateness = allowedLateness
        late = LateElements(output: lateOutput)
    }

    deinit { windows.free() }

    func open(_ context: OperatorContext) throws(SpateError) {
        operatorName = context.operatorName
        try function.open(context)
    }

    func close() throws(SpateError) { try function.close() }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        let (keys, timestamps) = try windowInput(batch, operatorName: operatorName)
        let keySlots = try keyIndex.slots(for: keys)
        let base = storeElements(of: batch, in: &store).base
        let size = assigner.size
        var refire: [(start: Int64, slot: Int32, rows: Int)] = []
        for row in 0..<batch.count {
            let key = keySlots[row]
            var taken = false
            try assigner.forEachWindow(of: timestamps[row]) { start throws(SpateError) in
                if start &+ size &- 1 &+ allowedLateness <= watermark { return }
                taken = true
                let (slot, created) = windows.slot(key: key, start: start)
                let index = Int(slot)
                while rowsOfSlot.count <= index { rowsOfSlot.append([]) }
                if created { rowsOfSlot[index].removeAll(keepingCapacity: true) }
                rowsOfSlot[index].append(base + Int32(row))
                // A late element of a window kept for lateness fires it again, as Flink's
                // EventTimeTrigger does when the window's end has passed.
                if start &+ size &- 1 <= watermark {
                    fired.insert(start)
                    refire.append((start, slot, rowsOfSlot[index].count))
                }
            }
            if !taken { late.add(row: row) }
        }
        try late.flush(from: batch, to: output)
        if !refire.isEmpty, let store {
            try fire(refire.map { ($0.start, [$0.slot]) }, store: store, watermark: watermark, output: output,
                     rowLimit: refire.map(\.rows))
        }
    }

    var reportedWatermark: Int64?
    var nextFiringWatermark: Int64? { windows.earliestStart.map { $0 &+ assigner.size &- 1 } }

    func processWatermark(_ watermark: Int64, output: Collector) throws(SpateError) {
        self.watermark = watermark
        let due = assigner.latestCompleteStart(at: watermark)
        let expired = watermark == Int64.max ? Int64.max : due &- allowedLateness
        if let store {
            if allowedLateness > 0 {
                // Fire what is due, but keep it until its lateness has passed too.
                let firing = windows.peekWindows(startingAtMost: due).filter { !fired.contains($0.start) }
                for window in firing { fired.insert(window.start) }
                try fire(firing, store: store, watermark: watermark, output: output)
                for (start, slots) in windows.takeWindows(startingAtMost: expired) {
                    fired.remove(start)
                    for slot in slots { rowsOfSlot[Int(slot)] = [] }
                }
            } else {
                let firing = windows.takeWindows(startingAtMost: due)
                try fire(firing, store: store, watermark: watermark, output: output)
                for (_, slots) in firing { for slot in slots { rowsOfSlot[Int(slot)] = [] } }
            }
        }
        if windows.isEmpty { store = nil }  // every element has been handed on: start a new store
        try output.emitWatermark(watermark)
    }

    /// Hands `firing` windows (each key's slot) to the function in one call. `rowLimit[i]`, when
    /// given, takes only the first rows of entry i (a late element fires what had arrived up to it).
    private func fire(_ firing: [(start: Int64, slots: [Int32])], store: Column, watermark: Int64,
                      output: Collector, rowLimit: [Int]? = nil) throws(SpateError) {
        guard !firing.isEmpty else { return }
        let size = assigner.size
        var rows: [Int32] = []
        let times = PrimitiveColumn<Int64>(type: .int64)
        var offsets: [Int64] = [0]
        var starts: [Int64] = []
        var ends: [Int64] = []
        for (entry, window) in firing.enumerated() {
            for slot in window.slots {
                let slotRows = rowsOfSlot[Int(slot)]
                let taken = rowLimit.map { Swift.min($0[entry], slotRows.count) } ?? slotRows.count
                rows.append(contentsOf: slotRows.prefix(taken))
                // Results carry the window's max timestamp, as in Flink.
                for _ in 0..<taken { times.append(window.start &+ size &- 1) }
                offsets.append(Int64(rows.count))
                starts.append(window.start)
                ends.append(window.start &+ size)
            }
        }
        let elements = RecordBatch(values: rows.withUnsafeBufferPointer { store.gather($0, move: false) }, timestamps: times)
        if let result = try function.process(windows: elements, offsets: offsets, starts: starts, ends: ends,
                                             watermark: reportedWatermark ?? watermark) {
            try output.emit(result)
        }
    }
}
