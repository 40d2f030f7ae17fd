/// Keyed event-time session windows: each element opens `[t, t + gap)` (the gap fixed, or given per
/// element by a host function: dynamic gaps), and a key's windows merge while they overlap or
/// touch (Flink's `MergingWindowAssigner` rule: `a.start <= b.end` and `a.end >= b.start`). A
/// session fires, whole, when the watermark reaches its end - 1, and is kept for the allowed
/// lateness: an element that joins it then fires it again at once (Flink's EventTimeTrigger); an
/// element whose merged session's end - 1 + lateness the watermark has passed is late.
final class SessionWindowOperator: WindowFiringOperator {
    struct Session {
        var start: Int64
        var end: Int64
        var rows: [Int32]
        /// Fired, and kept only for late elements.
        var fired = false
    }

    let gap: Int64
    let allowedLateness: Int64
    /// Dynamic gaps: maps a batch to one gap (ms, > 0) per element.
    let gapFunction: BatchFunction?
    let function: WindowBatchFunction
    private var operatorName = "session windows"
    private let keyIndex = KeyIndex()
    private var store: Column?
    private var sessionsOfKey: [[Session]] = []
    private var open = 0
    private var watermark = Int64.min
    /// At most the earliest session end (merges only move ends later, so it may be early).
    private var earliestEnd: Int64?
    private var late: LateElements
    var lateCount: Int { late.count }

    init(gap: Int64, gapFunction: BatchFunction? = nil, function: WindowBatchFunction, allowedLateness: Int64 = 0,
         lateOutput: Int? = nil) {
        self.gap = gap
        self.allowedLateness = allowedLateness
        self.gapFunction = gapFunction
        self.function = function
        late = LateElements(output: lateOutput)
    }

    func open(_ context: OperatorContext) throws(SpateError) {
        operatorName = context.operatorName
        try gapFunction?.open(context)
        try function.open(context)
    }

    func close() throws(SpateError) {
        try closeAll([gapFunction?.close, function.close])
    }

    /// Each element's gap from the gap function, checked as Flink checks it.
    private func dynamicGaps(of batch: RecordBatch) throws(SpateError) -> PrimitiveColumn<Int64>? {
        guard let gapFunction else { return nil }
        guard let gaps = try gapFunction.apply(batch)?.values as? PrimitiveColumn<Int64>, gaps.count == batch.count else {
            throw SpateError(.runtime, "\(operatorName): the session gap extractor gave no gap for some elements")
        }
        for row in 0..<gaps.count where gaps[row] <= 0 {
            throw SpateError(.invalidArgument, "\(operatorName): a dynamic session gap must be positive, got \(gaps[row]) ms")
        }
        return gaps
    }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        let (keys, timestamps) = try windowInput(batch, operatorName: operatorName)
        let gaps = try dynamicGaps(of: batch)
        let keySlots = try keyIndex.slots(for: keys)
        let base = storeElements(of: batch, in: &store).base
        var overlapping: [Int] = []
        var refire: [(end: Int64, key: Int, session: Session)] = []
        for row in 0..<batch.count {
            let key = Int(keySlots[row])
            while sessionsOfKey.count <= key { sessionsOfKey.append([]) }
            let start = timestamps[row]
            let end = start &+ (gaps?[row] ?? gap)
            var mergedStart = start
            var mergedEnd = end
            overlapping.removeAll(keepingCapacity: true)
            for (index, session) in sessionsOfKey[key].enumerated() where session.start <= end && session.end >= start {
                overlapping.append(index)
                mergedStart = Swift.min(mergedStart, session.start)
                mergedEnd = Swift.max(mergedEnd, session.end)
            }
            if cleanupTime(end: mergedEnd) <= watermark {
                late.add(row: row)
                continue  // the existing sessions stay as they were
            }
            let element = base + Int32(row)
            let index: Int
            if overlapping.count == 1 {
                // The common case: the element extends one session, in place.
                index = overlapping[0]
                sessionsOfKey[key][index].start = mergedStart
                sessionsOfKey[key][index].end = mergedEnd
                sessionsOfKey[key][index].rows.append(element)
            } else {
                var merged = Session(start: mergedStart, end: mergedEnd, rows: [])
                for index in overlapping { merged.rows.append(contentsOf: sessionsOfKey[key][index].rows) }
                merged.rows.append(element)
                for index in overlapping.reversed() { sessionsOfKey[key].remove(at: index) }
                sessionsOfKey[key].append(merged)
                open += 1 - overlapping.count
                index = sessionsOfKey[key].count - 1
            }
            // Within the allowed lateness the session fires again now, with what it holds; a
            // session that grew past the watermark fires when the watermark reaches its new end.
            sessionsOfKey[key][index].fired = mergedEnd &- 1 <= watermark
            if mergedEnd &- 1 <= watermark { refire.append((mergedEnd, key, sessionsOfKey[key][index])) }
            earliestEnd = Swift.min(earliestEnd ?? mergedEnd, mergedEnd)
        }
        try late.flush(from: batch, to: output)
        try fire(refire, output: output)
    }

    /// When a session ending at `end` is dropped.
    private func cleanupTime(end: Int64) -> Int64 {
        end &- 1 > Int64.max &- allowedLateness ? Int64.max : end &- 1 &+ allowedLateness
    }

    var reportedWatermark: Int64?
    var nextFiringWatermark: Int64? { earliestEnd.map { $0 &- 1 } }

    func processWatermark(_ watermark: Int64, output: Collector) throws(SpateError) {
        self.watermark = watermark
        var due: [(end: Int64, key: Int, session: Session)] = []
        earliestEnd = nil
        for key in sessionsOfKey.indices {
            var kept: [Session] = []
            for var session in sessionsOfKey[key] {
                if session.end &- 1 <= watermark && !session.fired {
                    due.append((session.end, key, session))
                    session.fired = true
                }
                if cleanupTime(end: session.end) <= watermark {
                    open -= 1
                } else {
                    kept.append(session)
                    if !session.fired { earliestEnd = Swift.min(earliestEnd ?? session.end, session.end) }
                }
            }
            sessionsOfKey[key] = kept
        }
        try fire(due, output: output)
        if open == 0 { store = nil }
        try output.emitWatermark(watermark)
    }

    /// Hands the sessions in `due` to the function in one call, in order of end then key; results
    /// carry the session's max timestamp.
    private func fire(_ due: [(end: Int64, key: Int, session: Session)], output: Collector) throws(SpateError) {
        var due = due
        if let store, !due.isEmpty {
            due.sort { ($0.end, $0.key) < ($1.end, $1.key) }
            var rows: [Int32] = []
            var offsets: [Int64] = [0]
            let times = PrimitiveColumn<Int64>(type: .int64)
            for entry in due {
                // Elements in arrival order within the session.
                rows.append(contentsOf: entry.session.rows.sorted())
                for _ in entry.session.rows { times.append(entry.end &- 1) }
                offsets.append(Int64(rows.count))
            }
            let elements = RecordBatch(values: rows.withUnsafeBufferPointer { store.gather($0, move: false) }, timestamps: times)
            if let result = try function.process(windows: elements, offsets: offsets, starts: due.map(\.session.start),
                                                 ends: due.map(\.end), watermark: reportedWatermark ?? watermark) {
                try output.emit(result)
            }
        }
    }
}
