/// Nodes of the Table API's regular joins: a `join_key` node per side, then the `join` node that
/// reads both (left first).

/// The settings every node of a join has: how it joins and its predicate over the joined row (the
/// left's fields, then the right's), and both sides' row types, so each side's keying node can plan
/// the whole join from its own settings.
struct JoinSettings: Decodable, Sendable {
    var joinType: JoinType
    var condition: Expression?
    var left: DataType
    var right: DataType
    /// The predicate came from a `where` on a join without one: a condition without equalities is
    /// then a cross join filtered, not an error.
    var fromWhere: Bool?

    func plan() throws(SpateError) -> JoinPlanner {
        try JoinPlanner(left: left, right: right, condition: condition, type: joinType, requireEquality: fromWhere != true)
    }
}

/// One side of a join keyed by its join keys (hash-partitioned by them for the join).
///
/// ```json
/// {"kind": "join_key", "settings": {"join_type": "left", "side": 0, "left": "row<k:i64,s:str>",
///   "right": "row<rk:i64,rs:str>", "condition": {"call": "equals", "args": [{"field": 0}, {"field": 2}]}}}
/// ```
struct JoinKeyNode: PlanNodeKind {
    static let kind = "join_key"
    static let keysItsOutput = true
    var join: JoinSettings
    /// 0: the left side, 1: the right.
    var side: Int

    init(from decoder: any Decoder) throws {
        join = try JoinSettings(from: decoder)
        side = try decoder.container(keyedBy: Keys.self).decode(Int.self, forKey: .side)
    }

    private enum Keys: String, CodingKey { case side }

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(1)
        guard side == 0 || side == 1 else { throw .invalid("side must be 0 (left) or 1 (right), got \(side)") }
        let declared = side == 0 ? join.left : join.right
        guard try node.inputType() == declared else {
            throw .invalid("the input's rows are \(try node.inputType().flinkName), the settings say \(declared.flinkName)")
        }
        let plan = try join.plan()
        let keys = plan.keys(side: side), keyType = plan.keyType
        let id = try node.add(kind: "JoinKey", outputType: declared, factory: .transform { _ in
            JoinKeyOperator(keys: keys, keyType: keyType)
        })
        node.graph.followInputParallelism(id)
        return id
    }
}

/// The join of two `join_key` nodes' rows (the left's, then the right's), with the same settings.
/// A changelog in streaming mode when an input is one or a side keeps unmatched rows; one subtask
/// when the join has no equality to key it by.
///
/// ```json
/// {"kind": "join", "inputs": [{"node": 3}, {"node": 4}], "settings": {"join_type": "left",
///   "left": "row<k:i64,s:str>", "right": "row<rk:i64,rs:str>", "condition": {...}}}
/// ```
struct JoinNode: PlanNodeKind {
    static let kind = "join"
    var join: JoinSettings

    init(from decoder: any Decoder) throws {
        join = try JoinSettings(from: decoder)
    }

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(2)
        for (position, declared) in [join.left, join.right].enumerated() {
            let keying = node.graph.node(node.inputs[position].node)
            guard keying.kind == "JoinKey", keying.outputType == declared else {
                throw .invalid("input \(position) must be the join_key node of the join's \(position == 0 ? "left" : "right") side")
            }
        }
        let plan = try join.plan()
        let condition = plan.condition, type = join.joinType, left = join.left, right = join.right, output = plan.outputType
        let id = try node.add(kind: "Join", outputType: output, factory: .transform { _ in
            JoinOperator(type: type, condition: condition, leftType: left, rightType: right, outputType: output)
        }, nonParallel: plan.leftKeys.isEmpty, inputIndex: [0, 1])
        if node.graph.runtimeMode == .streaming && type != .inner { node.graph.markProducesUpdates(id) }
        return id
    }
}
