/// A regular join of two tables (`join`, `left_outer_join`, `right_outer_join`, `full_outer_join`)
/// over both sides' rows keyed by their join keys (input 0: left, 1: right).
///
/// In streaming mode it is Flink's StreamingJoinOperator: both sides are held in state, and each
/// row that comes is joined at once with the other side's rows of its key that meet the condition.
/// An inner join's output has the input row's kind (+I, -U, +U, -D). A side that keeps unmatched
/// rows emits such a row padded with NULLs (+I) until a match comes, which deletes the padded row
/// (-D) before the joined one is inserted (+I); when its last match is taken back, the padded row
/// comes back (+I). Rows of a side that keeps unmatched rows are always inserted or deleted, never
/// updated, as in Flink. Rows with a NULL key match nothing (SQL's `=`).
///
/// In batch mode it holds both inputs and emits the joined rows (and padded ones) at their end.
final class JoinOperator: StreamOperator {
    private let type: JoinType
    private let condition: TypedExpression?
    private let outputType: DataType
    private let sides: [JoinSideState]
    private let keyIndex = KeyIndex()
    /// Per key slot: whether its key has a NULL (such rows join nothing).
    private var nullKeys: [Bool] = []
    private var batchMode = false
    /// How many pairs a chunk of rows is joined with at once.
    static let candidatesPerChunk = 65536

    init(type: JoinType, condition: TypedExpression?, leftType: DataType, rightType: DataType, outputType: DataType) {
        self.type = type
        self.condition = condition
        self.outputType = outputType
        sides = [JoinSideState(rowType: leftType), JoinSideState(rowType: rightType)]
    }

    func open(_ context: OperatorContext) throws(SpateError) {
        batchMode = context.runtimeMode == .batch
    }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        guard let rows = batch.values as? StructColumn, let keys = batch.keys, input == 0 || input == 1 else {
            throw SpateError(.runtime, "Join: expected keyed rows on input 0 or 1")
        }
        let slots = try slots(of: keys)
        let side = sides[input], other = sides[1 - input]
        let ids = try side.identify(rows)
        if batchMode {
            for row in 0..<rows.count { side.add(ids[row], slot: slots[row]) }
            return
        }
        // Every row of the batch meets the other side as it was before the batch: this side's
        // rows never change which rows the other side holds, only their association counts. So
        // the condition is evaluated for a chunk of rows' candidates at once, chunks bounded so
        // a key with many rows (a cross join) does not make one huge candidate list.
        let inputIsOuter = type.keepsUnmatched(input), otherIsOuter = type.keepsUnmatched(1 - input)
        var start = 0
        while start < rows.count {
            let candidates = Candidates()
            var end = start
            while end < rows.count && (end == start || candidates.entries.count < Self.candidatesPerChunk) {
                candidates.starts.append(Int32(candidates.entries.count))
                if !nullKeys[slots[end]] {
                    for (index, entry) in other.entries[slots[end]].enumerated() where entry.count > 0 {
                        candidates.add(row: Int32(end), identity: entry.identity, entry: Int32(index))
                    }
                }
                end += 1
            }
            candidates.starts.append(Int32(candidates.entries.count))
            let meets = try verdicts(candidates, inputIdentities: ids, input: input)
            let out = Output()
            for row in start..<end {
                let slot = slots[row]
                let kind = batch.rowKind(row)
                let id = ids[row]
                // The other side's matching entries, each as often as it is held.
                let matched = (Int(candidates.starts[row - start])..<Int(candidates.starts[row - start + 1])).filter { meets[$0] }
                let matchCount = matched.reduce(0) { $0 + other.entries[slot][Int(candidates.entries[$1])].count }
                if kind == .insert || kind == .updateAfter {
                    if inputIsOuter && matched.isEmpty {
                        out.append(input: input, id, nil, .insert)
                        side.add(id, slot: slot, associations: 0)
                        continue
                    }
                    // Per matched row: its padded row deleted if it had no match yet, then the joined
                    // row (PyFlink 2.3 prints them interleaved so).
                    let joinedKind: RowKind = inputIsOuter || otherIsOuter ? .insert : kind
                    forEachCopy(matched, of: other, slot: slot, candidates) { index, entry in
                        if otherIsOuter {
                            if entry.associations == 0 { out.append(input: input, nil, entry.identity, .delete) }
                            other.setAssociations(entry.associations + 1, slot: slot, entry: index)
                        }
                        out.append(input: input, id, entry.identity, joinedKind)
                    }
                    side.add(id, slot: slot, associations: inputIsOuter ? matchCount : 0)
                } else {
                    side.retract(id, slot: slot)
                    if matched.isEmpty {
                        if inputIsOuter { out.append(input: input, id, nil, .delete) }
                        continue
                    }
                    // Per matched row: the joined row taken back, then its padded row back if that
                    // was its last match.
                    let joinedKind: RowKind = inputIsOuter ? .delete : kind
                    forEachCopy(matched, of: other, slot: slot, candidates) { index, entry in
                        out.append(input: input, id, entry.identity, joinedKind)
                        if otherIsOuter {
                            if entry.associations == 1 { out.append(input: input, nil, entry.identity, .insert) }
                            other.setAssociations(entry.associations - 1, slot: slot, entry: index)
                        }
                    }
                }
            }
            try emit(out, output: output)
            start = end
        }
    }

    func endOfInput(output: Collector) throws(SpateError) {
        guard batchMode else { return }
        let left = sides[0], right = sides[1]
        let out = Output()
        for slot in nullKeys.indices {
            var leftMatched = [Bool](repeating: false, count: left.entries[slot].count)
            var rightMatched = [Bool](repeating: false, count: right.entries[slot].count)
            var leftIndex = 0
            // Each left row with each right row of its key, a chunk of pairs at a time.
            while !nullKeys[slot] && leftIndex < left.entries[slot].count {
                let candidates = Candidates()
                while leftIndex < left.entries[slot].count && candidates.entries.count < Self.candidatesPerChunk {
                    for (index, entry) in right.entries[slot].enumerated() {
                        candidates.add(row: Int32(leftIndex), identity: entry.identity, entry: Int32(index))
                        candidates.leftIdentities.append(left.entries[slot][leftIndex].identity)
                    }
                    leftIndex += 1
                }
                let meets = try verdicts(candidates, inputIdentities: nil, input: 0)
                for candidate in candidates.entries.indices where meets[candidate] {
                    let l = Int(candidates.rows[candidate]), r = Int(candidates.entries[candidate])
                    leftMatched[l] = true
                    rightMatched[r] = true
                    for _ in 0..<(left.entries[slot][l].count * right.entries[slot][r].count) {
                        out.append(input: 0, candidates.leftIdentities[candidate], candidates.identities[candidate], .insert)
                        try flushIfFull(out, output: output)
                    }
                }
            }
            for side in 0..<2 where type.keepsUnmatched(side) {
                let matched = side == 0 ? leftMatched : rightMatched
                for (index, entry) in sides[side].entries[slot].enumerated() where !matched[index] {
                    for _ in 0..<entry.count {
                        out.append(input: side, entry.identity, nil, .insert)
                        try flushIfFull(out, output: output)
                    }
                }
            }
        }
        try emit(out, output: output)
    }

    /// The key slot of each row, noting slots whose key has a NULL.
    private func slots(of keys: Column) throws(SpateError) -> [Int] {
        let found = try keyIndex.slots(for: keys)
        var slots = [Int](repeating: 0, count: keys.count)
        for row in 0..<keys.count {
            let slot = Int(found[row])
            if slot == nullKeys.count {
                var hasNull = keys.isNull(row)
                if let fields = (keys as? StructColumn)?.fields { hasNull = hasNull || fields.contains { $0.isNull(row) } }
                nullKeys.append(hasNull)
                sides[0].grow(to: slot + 1)
                sides[1].grow(to: slot + 1)
            }
            slots[row] = slot
        }
        return slots
    }

    /// Whether each candidate pair meets the join's condition, evaluated over all pairs at once.
    /// Candidates pair an input row (by `inputIdentities`, or in batch mode a left identity) with
    /// a row of the other side.
    private func verdicts(_ candidates: Candidates, inputIdentities: [Int32]?, input: Int) throws(SpateError) -> [Bool] {
        let count = candidates.entries.count
        guard let condition, count > 0 else { return [Bool](repeating: true, count: count) }
        let inputSide = inputIdentities.map { ids in candidates.rows.map { ids[Int($0)] } } ?? candidates.leftIdentities
        let (leftIds, rightIds) = input == 0 ? (inputSide, candidates.identities) : (candidates.identities, inputSide)
        let left = leftIds.withUnsafeBufferPointer { ids in sides[0].rows.fields.map { $0.gather(ids, move: false) } }
        let right = rightIds.withUnsafeBufferPointer { ids in sides[1].rows.fields.map { $0.gather(ids, move: false) } }
        let joinedType = DataType.row((sides[0].rows.type.fields ?? []) + (sides[1].rows.type.fields ?? []))
        let joined = StructColumn(type: joinedType, fields: left + right, count: count, validity: nil)
        guard let results = try ExpressionEvaluator.evaluate(condition, over: joined) as? BoolColumn else {
            throw SpateError(.runtime, "Join: the condition is not a boolean")
        }
        return (0..<count).map { !results.isNull($0) && results[$0] }
    }

    /// Calls `body` with each matched entry of the other side once per copy held, as Flink's state
    /// views list a row held n times n times.
    private func forEachCopy(_ matched: [Int], of other: JoinSideState, slot: Int, _ candidates: Candidates,
                             _ body: (Int, JoinSideState.Entry) -> Void) {
        for candidate in matched {
            let index = Int(candidates.entries[candidate])
            let entry = other.entries[slot][index]
            for _ in 0..<entry.count { body(index, entry) }
        }
    }

    /// Batch mode's output goes on in batches of 4096 rows, however many pairs a key makes.
    private func flushIfFull(_ out: Output, output: Collector) throws(SpateError) {
        guard out.kinds.count >= 4096 else { return }
        try emit(out, output: output)
        out.removeAll()
    }

    private func emit(_ out: Output, output: Collector) throws(SpateError) {
        let count = out.kinds.count
        guard count > 0 else { return }
        var columns: [Column] = []
        for (side, ids) in [out.left, out.right].enumerated() {
            for source in sides[side].rows.fields {
                let column = Column.make(source.type.base, capacity: count)
                for id in ids {
                    if id < 0 { column.appendNull() } else { column.append(from: source, row: Int(id)) }
                }
                columns.append(column)
            }
        }
        try output.emit(RecordBatch(values: StructColumn(type: outputType, fields: columns, count: count, validity: nil), kinds: out.kinds))
    }
}

/// The pairs of rows a batch may join: an input row (or left entry) and an entry of the other side.
private final class Candidates {
    /// Per input row, where its candidates start (and one past the last row, where they end).
    var starts: [Int32] = []
    var rows: [Int32] = []
    var identities: [Int32] = []
    var entries: [Int32] = []
    /// Batch mode: the left row's identity of each candidate.
    var leftIdentities: [Int32] = []

    func add(row: Int32, identity: Int32, entry: Int32) {
        rows.append(row)
        identities.append(identity)
        entries.append(entry)
    }
}

/// The rows a join emits: a left and a right row identity each (-1: NULLs), and its kind.
private final class Output {
    var left: [Int32] = []
    var right: [Int32] = []
    var kinds: [RowKind] = []

    /// A row of the input side's row `mine` (nil: NULLs) and the other side's row `theirs`.
    func append(input: Int, _ mine: Int32?, _ theirs: Int32?, _ kind: RowKind) {
        let (l, r) = input == 0 ? (mine, theirs) : (theirs, mine)
        left.append(l ?? -1)
        right.append(r ?? -1)
        kinds.append(kind)
    }

    func removeAll() {
        left.removeAll(keepingCapacity: true)
        right.removeAll(keepingCapacity: true)
        kinds.removeAll(keepingCapacity: true)
    }
}
