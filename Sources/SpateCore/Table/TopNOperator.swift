/// `order_by(...).fetch(n)` (with or without `offset`) in streaming mode over inserts: Flink's
/// AppendOnlyTopNFunction. It holds the best rows so far in order (equal keys in arrival order) and
/// emits how the ranks `offset + 1 ... offset + fetch` change with each row:
/// - without an offset, a row that enters the top n is inserted (+I), after deleting (-D) the row it
///   pushes out, if any;
/// - with one, every rank in range from the new row's down is updated (-U its old row, +U its new
///   one), and a rank in range filled for the first time is inserted (+I).
final class TopNOperator: StreamOperator {
    private let keys: [TypedExpression]
    private let order: RowOrder
    /// Flink's rank range: ranks start at 1.
    private let rankStart: Int
    private let rankEnd: Int
    private let outputType: DataType
    /// Every row that entered the buffer, by number, and its key values.
    private let held: StructColumn
    private var heldKeys: [Column]
    /// The buffer: groups of rows of equal keys, in order (Flink's TreeMap of sort key -> rows).
    private var groups: [[Int32]] = []
    private var bufferCount = 0

    init(keys: [TypedExpression], order: RowOrder, offset: Int, fetch: Int, outputType: DataType) {
        self.keys = keys
        self.order = order
        rankStart = offset + 1
        rankEnd = offset + fetch
        self.outputType = outputType
        held = StructColumn(type: outputType)
        heldKeys = keys.map { Column.make($0.type) }
    }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        guard let rows = batch.values as? StructColumn else { throw SpateError(.runtime, "SortLimit: expected rows") }
        guard rankEnd >= rankStart else { return }  // fetch(0): nothing ever
        let values = try keys.map { key throws(SpateError) in try ExpressionEvaluator.evaluate(key, over: rows) }
        var emitted: [Int32] = [], kinds: [RowKind] = []
        func emit(_ id: Int32, _ kind: RowKind, rank: Int) {
            guard rank >= rankStart && rank <= rankEnd else { return }
            emitted.append(id)
            kinds.append(kind)
        }
        for row in 0..<rows.count {
            // Flink's checkSortKeyInBufferRange: better than the worst held, or room left.
            if let worst = groups.last?.first, order.compare(values, row, heldKeys, Int(worst)) >= 0, bufferCount >= rankEnd {
                continue
            }
            let id = Int32(held.count)
            held.append(from: rows, row: row)
            for (column, source) in zip(heldKeys, values) { column.append(from: source, row: row) }
            let (group, rank) = insert(id)
            if rankStart == 1 {
                if bufferCount > rankEnd {
                    let last = removeLast()
                    emit(last, .delete, rank: rankEnd)
                }
                emit(id, .insert, rank: rank)
            } else {
                shiftRanks(from: group, rank: rank, newRow: id, emit: emit)
            }
        }
        guard !emitted.isEmpty else { return }
        let fields = emitted.withUnsafeBufferPointer { ids in held.fields.map { $0.gather(ids, move: false) } }
        try output.emit(RecordBatch(values: StructColumn(type: outputType, fields: fields, count: emitted.count, validity: nil),
                                    kinds: kinds))
    }

    /// Puts row `id` after the rows of equal keys; returns its group and its rank.
    private func insert(_ id: Int32) -> (group: Int, rank: Int) {
        var low = 0, high = groups.count, rank = 0
        while low < high {  // the first group whose key is not below the row's
            let middle = (low + high) / 2
            if order.compare(heldKeys, Int(groups[middle][0]), heldKeys, Int(id)) < 0 { low = middle + 1 } else { high = middle }
        }
        for group in 0..<low { rank += groups[group].count }
        if low < groups.count && order.compare(heldKeys, Int(groups[low][0]), heldKeys, Int(id)) == 0 {
            groups[low].append(id)
        } else {
            groups.insert([id], at: low)
        }
        bufferCount += 1
        return (low, rank + groups[low].count)
    }

    private func removeLast() -> Int32 {
        let last = groups[groups.count - 1].removeLast()
        if groups[groups.count - 1].isEmpty { groups.removeLast() }
        bufferCount -= 1
        return last
    }

    /// Flink's processElementWithRowNumber without the row number: from the new row's rank on, each
    /// rank's row is replaced by the one above it; then groups wholly past the last rank are dropped.
    private func shiftRanks(from group: Int, rank: Int, newRow: Int32, emit: (Int32, RowKind, Int) -> Void) {
        var currentRank = rank, currentRow = newRow
        var next = group + 1
        while next < groups.count && currentRank <= rankEnd {
            for previous in groups[next] {
                guard currentRank <= rankEnd else { break }
                emit(previous, .updateBefore, currentRank)
                emit(currentRow, .updateAfter, currentRank)
                currentRow = previous
                currentRank += 1
            }
            next += 1
        }
        if currentRank <= rankEnd { emit(currentRow, .insert, currentRank) }
        // Flink keeps the group it stopped in whole, and drops the ones after it.
        while groups.count > next {
            bufferCount -= groups[groups.count - 1].count
            groups.removeLast()
        }
    }
}
