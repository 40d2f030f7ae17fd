/// `order_by(...)`, `offset(n)`, `fetch(n)` and `limit(...)` of a table: one node, one subtask.
/// Batch mode sorts (and slices); streaming mode runs a limit of rows in arrival order, or with
/// keys and a fetch a Top-N (a changelog); a sort without a fetch in streaming mode is Flink's
/// error, raised when the job is built (the table itself may still be fetched from).
///
/// ```json
/// {"kind": "sort", "settings": {"keys": [{"expression": {"field": 0}, "descending": true}], "offset": 1, "fetch": 3}}
/// ```
struct SortNode: PlanNodeKind {
    static let kind = "sort"
    var keys: [SortKey]
    var offset: Int?
    var fetch: Int?

    struct SortKey: Decodable, Sendable {
        var expression: Expression
        var descending: Bool
    }

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(1)
        let input = try node.inputType()
        let offset = self.offset ?? 0, fetch = self.fetch
        guard offset >= 0 else { throw .invalid("Offset should be greater or equal 0, got \(offset)") }
        if let fetch, fetch < 0 { throw .invalid("FETCH count must be equal or larger than 0, got \(fetch)") }
        if let fetch, fetch > Int.max - offset { throw .invalid("offset \(offset) + fetch \(fetch) is past the largest row number") }
        let binder = try ExpressionBinder(input: input)
        let typed = try keys.map { key throws(SpateError) in try binder.bind(key.expression) }
        let order = try RowOrder(keys: zip(typed, keys).map { ($0.type, $1.descending) })
        let streaming = node.graph.runtimeMode == .streaming
        var refusal: String? = nil
        if streaming && fetch == nil {
            refusal = keys.isEmpty ? "FETCH is missed, which on streaming table is not supported currently."
                : "Sort on a non-time-attribute field is not supported. (In streaming mode order_by needs a fetch, "
                + "a Top-N: order_by(...).fetch(n))"
        } else if !streaming && !keys.isEmpty && fetch == nil && offset > 0 {
            refusal = "Not support limitEnd is max value now! (an offset after order_by needs a fetch in batch mode)"
        }
        if let refusal {
            // Refused when the job starts, not when the node is added: the table is still one to
            // fetch from or select from (its schema is asked for), as in Flink.
            return try node.add(kind: "Sort", outputType: input, factory: .transform { _ throws(SpateError) in
                throw .invalid(refusal)
            }, nonParallel: true)
        }
        if streaming, let fetch {
            let changelog = node.graph.node(node.inputs[0].node).producesUpdates
            guard !changelog || (!keys.isEmpty && offset == 0) else {
                throw .invalid((keys.isEmpty ? "offset/fetch without order_by" : "order_by(...).offset(...).fetch(...)")
                               + " of a changelog (a table with updates) in streaming mode is not supported yet")
            }
            if !keys.isEmpty {
                // A changelog's rows may leave and come back: every row is held (Flink's retractable
                // Top-N); inserts alone need only the best rows (its append-only one).
                let id = try node.add(kind: "SortLimit", outputType: input, factory: .transform { _ in
                    changelog ? RetractableTopNOperator(keys: typed, order: order, fetch: fetch, outputType: input) as StreamOperator
                        : TopNOperator(keys: typed, order: order, offset: offset, fetch: fetch, outputType: input)
                }, nonParallel: true)
                node.graph.markProducesUpdates(id)
                return id
            }
        }
        return try node.add(kind: keys.isEmpty ? "Limit" : "Sort", outputType: input, factory: .transform { _ in
            SortOperator(keys: typed, order: order, offset: offset, fetch: fetch, outputType: input)
        }, nonParallel: true)
    }
}
