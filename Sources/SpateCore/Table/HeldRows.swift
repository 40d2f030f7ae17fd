/// The rows a Top-N holds, by number, with their sort keys' values, kept in groups of equal keys in
/// order (Flink's TreeMap of sort key -> rows). Shared by the append-only and retractable Top-N.
final class HeldRows {
    let keys: [TypedExpression]
    let order: RowOrder
    let rows: StructColumn
    private(set) var keyValues: [Column]

    init(keys: [TypedExpression], order: RowOrder, rowType: DataType) {
        self.keys = keys
        self.order = order
        rows = StructColumn(type: rowType)
        keyValues = keys.map { Column.make($0.type) }
    }

    /// The sort keys' values of a batch's rows.
    func keys(of batch: StructColumn) throws(SpateError) -> [Column] {
        try keys.map { key throws(SpateError) in try ExpressionEvaluator.evaluate(key, over: batch) }
    }

    /// Holds row `row` of `batch` (whose keys are `values`); returns its number.
    func hold(_ batch: StructColumn, row: Int, values: [Column]) -> Int32 {
        let id = Int32(rows.count)
        rows.append(from: batch, row: row)
        for (column, source) in zip(keyValues, values) { column.append(from: source, row: row) }
        return id
    }

    /// Where held row `id` goes among `groups`: the first group whose key is not below its key, and
    /// whether that group's key is its key.
    func place(_ id: Int32, in groups: [[Int32]]) -> (group: Int, equal: Bool) {
        var low = 0, high = groups.count
        while low < high {
            let middle = (low + high) / 2
            if order.compare(keyValues, Int(groups[middle][0]), keyValues, Int(id)) < 0 { low = middle + 1 } else { high = middle }
        }
        return (low, low < groups.count && order.compare(keyValues, Int(groups[low][0]), keyValues, Int(id)) == 0)
    }

    /// Emits the held rows `ids` with their `kinds`, if any.
    func emit(_ ids: [Int32], kinds: [RowKind], to output: Collector) throws(SpateError) {
        guard !ids.isEmpty else { return }
        let fields = ids.withUnsafeBufferPointer { picked in rows.fields.map { $0.gather(picked, move: false) } }
        try output.emit(RecordBatch(values: StructColumn(type: rows.type, fields: fields, count: ids.count, validity: nil), kinds: kinds))
    }
}
