/// Keyed event-time session windows: each element opens `[t, t + gap)`, and a key's windows merge
/// while they overlap or touch (Flink's `MergingWindowAssigner` rule: `a.start <= b.end` and
/// `a.end >= b.start`). A session fires, whole, when the watermark reaches its end - 1; an element
/// whose merged session would already have fired is late and dropped.
final class SessionWindowOperator: WindowFiringOperator {
    struct Session {
        var start: Int64
        var end: Int64
        var rows: [Int32]
    }

    let gap: Int64
    let function: WindowBatchFunction
    private let keyIndex = KeyIndex()
    private var store: Column?
    private var sessionsOfKey: [[Session]] = []
    private var open = 0
    private var watermark = Int64.min
    /// At most the earliest session end (merges only move ends later, so it may be early).
    private var earliestEnd: Int64?
    private var late: LateElements
    var lateCount: Int { late.count }

    init(gap: Int64, function: WindowBatchFunction, lateOutput: Int? = nil) {
        self.gap = gap
        self.function = function
        late = LateElements(output: lateOutput)
    }

    func open(_ context: OperatorContext) throws(SpateError) { try function.open(context) }
    func close() { function.close() }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        let (keys, timestamps) = try windowInput(batch, operatorName: "session windows")
        let keySlots = try keyIndex.slots(for: keys)
        let base = storeElements(of: batch, in: &store).base
        for row in 0..<batch.count {
            let key = Int(keySlots[row])
            while sessionsOfKey.count <= key { sessionsOfKey.append([]) }
            var merged = Session(start: timestamps[row], end: timestamps[row] &+ gap, rows: [base + Int32(row)])
            var kept: [Session] = []
            for session in sessionsOfKey[key] {
                if session.start <= merged.end && session.end >= merged.start {
                    merged.start = min(merged.start, session.start)
                    merged.end = max(merged.end, session.end)
                    merged.rows.insert(contentsOf: session.rows, at: 0)
                } else {
                    kept.append(session)
                }
            }
            if merged.end &- 1 <= watermark {
                late.add(row: row)
                continue  // the existing sessions stay as they were
            }
            open += 1 - (sessionsOfKey[key].count - kept.count)
            earliestEnd = Swift.min(earliestEnd ?? merged.end, merged.end)
            kept.append(merged)
            sessionsOfKey[key] = kept
        }
        try late.flush(from: batch, to: output)
    }

    var nextFiringWatermark: Int64? { earliestEnd.map { $0 &- 1 } }

    func processWatermark(_ watermark: Int64, output: Collector) throws(SpateError) {
        self.watermark = watermark
        var due: [(end: Int64, key: Int, session: Session)] = []
        earliestEnd = nil
        for key in sessionsOfKey.indices {
            var kept: [Session] = []
            for session in sessionsOfKey[key] {
                if session.end &- 1 <= watermark {
                    due.append((session.end, key, session))
                } else {
                    kept.append(session)
                    earliestEnd = Swift.min(earliestEnd ?? session.end, session.end)
                }
            }
            sessionsOfKey[key] = kept
        }
        if let store, !due.isEmpty {
            due.sort { ($0.end, $0.key) < ($1.end, $1.key) }
            open -= due.count
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
                                                 ends: due.map(\.end), watermark: watermark) {
                try output.emit(result)
            }
        }
        if open == 0 { store = nil }
        try output.emitWatermark(watermark)
    }
}
