/// `order_by(...).fetch(n)` in streaming mode over a changelog (a grouped table's, say), without an
/// offset: Flink's RetractableTopNFunction. It holds every row in order (rows of equal keys in
/// arrival order), as a row may leave the top n only to come back when others are taken back. A
/// row entering the top n is inserted (+I) and the row it pushes out deleted (-D); a row taken back
/// from it is deleted and the row that moves up into the last rank inserted. (With an offset,
/// PyFlink 2.3 prints updates this does not make yet: `SortNode` refuses it.)
final class RetractableTopNOperator: StreamOperator {
    private let rankStart = 1
    private let rankEnd: Int
    /// Each distinct row, by identity (its number in `held`).
    private let rowIdentities = KeyIndex()
    private let held: HeldRows
    /// Groups of rows of equal keys, in order; a row held twice is in its group twice.
    private var groups: [[Int32]] = []
    private var emitted: [Int32] = []
    private var kinds: [RowKind] = []

    init(keys: [TypedExpression], order: RowOrder, fetch: Int, outputType: DataType) {
        rankEnd = fetch
        held = HeldRows(keys: keys, order: order, rowType: outputType)
    }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        guard let rows = batch.values as? StructColumn else { throw SpateError(.runtime, "SortLimit: expected rows") }
        guard rankEnd >= rankStart else { return }  // fetch(0): nothing ever
        let values = try held.keys(of: rows)
        let ids = try rowIdentities.slots(for: rows)
        for row in 0..<rows.count {
            let id = Int32(ids[row])
            if Int(id) == held.rows.count { _ = held.hold(rows, row: row, values: values) }
            let kind = batch.rowKind(row)
            let (group, exists) = held.place(id, in: groups)
            if kind == .insert || kind == .updateAfter {
                if exists { groups[group].append(id) } else { groups.insert([id], at: group) }
                insert(group, id)
            } else {
                // Flink drops a retraction of a row it does not hold.
                guard exists, let position = groups[group].firstIndex(of: id) else { continue }
                if !retract(group, id) { groups[group].remove(at: position) }
                if groups[group].isEmpty { groups.remove(at: group) }
            }
        }
        try held.emit(emitted, kinds: kinds, to: output)
        emitted.removeAll(keepingCapacity: true)
        kinds.removeAll(keepingCapacity: true)
    }

    /// Flink's collect functions: a change of a rank outside the range is not sent.
    private func emit(_ id: Int32, _ kind: RowKind, rank: Int? = nil) {
        if let rank, rank < rankStart || rank > rankEnd { return }
        emitted.append(id)
        kinds.append(kind)
    }

    /// emitRecordsWithoutRowNumber: row `id`, last of its group, is inserted if in range; the row
    /// it pushes past the last rank is deleted.
    private func insert(_ own: Int, _ id: Int32) {
        var rank = 0, collect = false, pushedOut: Int32? = nil
        for group in groups.indices {
            guard rank <= rankEnd else { break }
            if group < own {
                rank += groups[group].count
            } else if group == own {
                rank += groups[group].count
                collect = rank >= rankStart && rank <= rankEnd
            } else if rank + groups[group].count <= rankEnd {
                rank += groups[group].count
            } else {
                pushedOut = groups[group][rankEnd - rank]
                break
            }
        }
        if let pushedOut { emit(pushedOut, .delete) }
        if collect { emit(id, .insert) }
    }

    /// retractRecordWithoutRowNumber: row `id` deleted if in range, and the row moving up into the
    /// last rank inserted. Returns whether it took the row out of its group.
    private func retract(_ own: Int, _ id: Int32) -> Bool {
        var nextRank = 1, found = false
        for group in groups.indices {
            guard nextRank <= rankEnd else { break }
            if group == own {
                var position = 0
                while position < groups[group].count && nextRank <= rankEnd {
                    let row = groups[group][position]
                    if !found && row == id {
                        emit(row, .delete, rank: nextRank)
                        groups[group].remove(at: position)
                        found = true
                        continue
                    }
                    if found && nextRank == rankEnd { emit(row, .insert, rank: nextRank) }
                    nextRank += 1
                    position += 1
                }
            } else if found {
                let lastRank = nextRank + groups[group].count - 1
                if lastRank < rankEnd {
                    nextRank = lastRank + 1
                } else {
                    emit(groups[group][rankEnd - nextRank], .insert)
                    break
                }
            } else {
                nextRank += groups[group].count
            }
        }
        return found
    }
}
