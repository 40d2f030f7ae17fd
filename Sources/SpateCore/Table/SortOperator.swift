/// `order_by(...)` with `offset`/`fetch` in batch mode, and `offset`/`fetch` of rows in any order
/// in both modes: one subtask that sees every row.
///
/// With sort keys it holds its input and at the end emits the rows in order (a stable sort: rows of
/// equal keys keep their input order), from `offset` on, at most `fetch` of them. Without keys it
/// passes on the rows from the `offset`-th to the `offset + fetch`-th as they come.
final class SortOperator: StreamOperator {
    private let keys: [TypedExpression]
    private let order: RowOrder
    private let offset: Int
    private let fetch: Int?
    private let outputType: DataType
    private let held: StructColumn
    private var heldKeys: [Column]
    /// Rows seen so far (without keys).
    private var seen = 0

    init(keys: [TypedExpression], order: RowOrder, offset: Int, fetch: Int?, outputType: DataType) {
        self.keys = keys
        self.order = order
        self.offset = offset
        self.fetch = fetch
        self.outputType = outputType
        held = StructColumn(type: outputType)
        heldKeys = keys.map { Column.make($0.type) }
    }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        guard let rows = batch.values as? StructColumn else { throw SpateError(.runtime, "Sort: expected rows") }
        if keys.isEmpty {
            // A limit: the rows whose positions fall in [offset, offset + fetch).
            let end = fetch.map { offset + $0 } ?? Int.max
            let first = max(offset - seen, 0), last = min(end - seen, rows.count)
            seen += rows.count
            guard first < last else { return }
            let picked = (first..<last).map(Int32.init)
            try output.emit(picked.withUnsafeBufferPointer { batch.gather($0, move: false) })
            return
        }
        let values = try keys.map { key throws(SpateError) in try ExpressionEvaluator.evaluate(key, over: rows) }
        for row in 0..<rows.count {
            held.append(from: rows, row: row)
            for (column, source) in zip(heldKeys, values) { column.append(from: source, row: row) }
        }
    }

    func endOfInput(output: Collector) throws(SpateError) {
        guard !keys.isEmpty else { return }
        let keyColumns = heldKeys, order = self.order
        // Ties broken by position: a stable sort whatever the algorithm.
        let sorted = (0..<held.count).sorted { i, j in
            let result = order.compare(keyColumns, i, keyColumns, j)
            return result != 0 ? result < 0 : i < j
        }
        let end = fetch.map { min(offset + $0, sorted.count) } ?? sorted.count
        guard offset < end else { return }
        try held.emitRows(sorted[offset..<end].map { Int32($0) }[...], as: outputType, to: output)
    }
}
