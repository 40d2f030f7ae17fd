/// `order_by(...).fetch(n)` (with or without `offset`) in streaming mode over inserts: Flink's
/// AppendOnlyTopNFunction. It holds the best rows so far in order (equal keys in arrival order) and
/// emits how the ranks `offset + 1 ... offset + fetch` change with each row:
/// - without an offset, a row that enters the top n is inserted (+I), after deleting (-D) the row it
///   pushes out, if any;
/// - with one, every rank in range from the new row's down is updated (-U its old row, +U its new
///   one), and a rank in range filled for the first time is inserted (+I).
final class TopNOperator: StreamOperator {
    /// Flink's rank range: ranks start at 1.
    private let rankStart: Int
    private let rankEnd: Int
    /// Every row that entered the buffer, by number.
    private let held: HeldRows
    /// The buffer: groups of rows of equal keys, in order.
    private var groups: [[Int32]] = []
    private var bufferCount = 0

    init(keys: [TypedExpression], order: RowOrder, offset: Int, fetch: Int, outputType: DataType) {
        rankStart = offset + 1
        rankEnd = offset + fetch
        held = HeldRows(keys: keys, order: order, rowType: outputType)
    }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        guard let rows = batch.values as? StructColumn else { throw SpateError(.runtime, "SortLimit: expected rows") }
        guard rankEnd >= rankStart else { return }  // fetch(0): nothing ever
        let values = try held.keys(of: rows)
        var emitted: [Int32] = [], kinds: [RowKind] = []
        func emit(_ id: Int32, _ kind: RowKind, rank: Int) {
            guard rank >= rankStart && rank <= rankEnd else { return }
            emitted.append(id)
            kinds.append(kind)
        }
        for row in 0..<rows.count {
            // Flink's checkSortKeyInBufferRange: better than the worst held, or room left.
            if let worst = groups.last?.first, held.order.compare(values, row, held.keyValues, Int(worst)) >= 0,
               bufferCount >= rankEnd {
                continue
            }
            let id = held.hold(rows, row: row, values: values)
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
        try held.emit(emitted, kinds: kinds, to: output)
    }

    /// Puts row `id` after the rows of equal keys; returns its group and its rank.
    private func insert(_ id: Int32) -> (group: Int, rank: Int) {
        let (group, equal) = held.place(id, in: groups)
        if equal { groups[group].append(id) } else { groups.insert([id], at: group) }
        bufferCount += 1
        return (group, groups[...group].reduce(0) { $0 + $1.count })
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
