/// Nodes of the Table API and SQL.

/// `select` / `where`: named projections of the input row and a condition, evaluated natively.
///
/// ```json
/// {"kind": "calc", "settings": {"projections": [{"field": 0}, {"call": "times", "args": [{"field": 1},
///   {"literal": 2, "type": "i64"}], "text": "amount * 2"}], "names": ["word", "doubled"],
///   "condition": {"call": "greater_than", "args": [{"field": 1}, {"literal": 0, "type": "i64"}]}}}
/// ```
struct CalcNode: PlanNodeKind {
    static let kind = "calc"
    var projections: [Expression]
    var names: [String]
    var condition: Expression?
    /// The plan's host functions its `{"udf": k}` calls name: call site k is function `udfs[k]`.
    var udfs: [Int]?

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(1)
        guard names.count == projections.count else {
            throw .invalid("\(projections.count) projections but \(names.count) names")
        }
        let binder = try ExpressionBinder(input: try node.inputType())
        let typed = try projections.map { projection throws(SpateError) in try binder.bind(projection) }
        let test = try condition.map { condition throws(SpateError) in try binder.bind(condition) }
        if let test, test.type.base != .bool && test.type.base != .null {
            throw .invalid("the condition \(test.expression.text) is \(test.type.sqlName), not BOOLEAN")
        }
        let outputType = DataType.row(zip(names, typed).map { DataType.Field($0, $1.type) })
        let hostFunctions = try bindUserFunctions((typed + [test].compactMap { $0 }).userFunctionCalls, in: &node)
        return try node.add(kind: hostFunctions.isEmpty ? "Calc" : "PythonCalc", outputType: outputType, factory: .transform { _ in
            CalcOperator(projections: typed, condition: test, outputType: outputType, hostFunctions: hostFunctions)
        })
    }

    /// Each user-defined call bound as a map of its arguments to its declared result type.
    private func bindUserFunctions(_ calls: [(index: Int, input: DataType, output: DataType, text: String)],
                                   in node: inout PlanNodeContext) throws(SpateError) -> [Int: any HostFunction] {
        var bound: [Int: any HostFunction] = [:]
        let functions = udfs ?? []
        for call in calls {
            guard functions.indices.contains(call.index) else {
                throw .invalid("\(call.text): udf \(call.index) is not one of the node's \(functions.count) functions")
            }
            guard bound[call.index] == nil else { throw .invalid("\(call.text): udf \(call.index) is called at two places") }
            bound[call.index] = try node.bind(functions[call.index], as: .map, input: call.input, output: call.output)
        }
        return bound
    }
}

/// The first half of a group aggregation (`group_by(keys).select(...)`, a `select` of aggregates,
/// `distinct()`): the grouping keys and the aggregates' arguments worked out per row, the rows
/// keyed by group. Its settings are those of the `group_aggregate` node that reads it.
///
/// ```json
/// {"kind": "group_key", "settings": {"keys": [{"field": 0}], "select": [{"field": 0},
///   {"aggregate": "sum", "args": [{"field": 2}], "text": "sum(i)"}]}}
/// ```
struct GroupKeyNode: PlanNodeKind {
    static let kind = "group_key"
    static let keysItsOutput = true
    var keys: [Expression]
    var select: [Expression]

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(1)
        let plan = try GroupAggregatePlanner(input: try node.inputType(), keys: keys, select: select)
        let keyedType = plan.keyedType
        let id = try node.add(kind: "GroupKey", outputType: keyedType, factory: .transform { _ in
            GroupKeyOperator(keys: plan.keys, arguments: plan.arguments, outputType: keyedType)
        })
        node.graph.followInputParallelism(id)
        return id
    }
}

/// The second half: each group's aggregates over the `group_key` node's rows, and what is selected
/// computed from them (a changelog in streaming mode).
///
/// ```json
/// {"kind": "group_aggregate", "settings": {"keys": [{"field": 0}], "select": [{"field": 0},
///   {"aggregate": "sum", "args": [{"field": 2}], "text": "sum(i)"}], "names": ["k", null]}}
/// ```
struct GroupAggregateNode: PlanNodeKind {
    static let kind = "group_aggregate"
    var keys: [Expression]
    var select: [Expression]
    /// null: Flink's name, `EXPR$<n>` for the n-th distinct aggregate call, else `_c<position>`.
    var names: [String?]

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(1)
        guard names.count == select.count else { throw .invalid("\(select.count) selected expressions but \(names.count) names") }
        let keying = node.graph.node(node.inputs[0].node)
        guard keying.kind == "GroupKey", let table = keying.inputs.first else {
            throw .invalid("a group_aggregate reads a group_key node with the same keys and select")
        }
        let plan = try GroupAggregatePlanner(input: node.graph.node(table.node).outputType, keys: keys, select: select)
        guard plan.keyedType == keying.outputType else {
            throw .invalid("its group_key node has other keys or aggregates (\(keying.outputType.flinkName), expected \(plan.keyedType.flinkName))")
        }
        let keyCount = plan.keys.count
        let names = zip(names, zip(select, plan.selection)).enumerated().map { position, entry in
            let (name, (expression, selected)) = entry
            if let name { return name }
            if case .aggregate = expression, case .field(let field) = selected.expression, field >= keyCount {
                return "EXPR$\(field - keyCount)"
            }
            return "_c\(position)"
        }
        let outputType = DataType.row(zip(names, plan.selection).map { DataType.Field($0, $1.type) })
        let retracting = keying.producesUpdates
        let positions = plan.arguments.indices.map { [keyCount + $0] }
        let id = try node.add(kind: "GroupAggregate", outputType: outputType, factory: .transform { _ in
            GroupAggregateOperator(keyCount: keyCount, calls: plan.calls, argumentPositions: positions, retracting: retracting,
                                   aggregatedType: plan.aggregatedType, selection: plan.selection, outputType: outputType)
        }, nonParallel: keyCount == 0)
        if node.graph.runtimeMode == .streaming { node.graph.markProducesUpdates(id) }
        return id
    }
}

/// `flat_map(udtf)`, `join_lateral(udtf(...))`, `left_outer_join_lateral(...)`: a Python table
/// function's rows for each input row, alone or joined to it.
///
/// ```json
/// {"kind": "table_function", "settings": {"function": 0, "args": [{"field": 1}],
///   "result_type": "row<w:str?,n:i64?>", "keep_input": true, "outer": false}}
/// ```
struct TableFunctionNode: PlanNodeKind {
    static let kind = "table_function"
    var function: Int
    /// The function's arguments; absent: the input row itself (`flat_map(udtf)`).
    var args: [Expression]?
    /// The function's rows, with their column names.
    var resultType: DataType
    /// `join_lateral`: each output row is the input row followed by the function's.
    var keepInput: Bool
    /// `left_outer_join_lateral`: an input row the function gives no rows keeps one, with NULLs.
    var outer: Bool?
    /// `join_lateral`'s predicate, over the joined row.
    var condition: Expression?

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(1)
        let input = try node.inputType()
        guard let resultFields = resultType.fields, !resultFields.isEmpty else {
            throw .invalid("the table function's result type must be a row of its columns, got \(resultType.flinkName)")
        }
        let binder = try ExpressionBinder(input: input)
        let typed = try args.map { args throws(SpateError) in
            try args.map { argument throws(SpateError) in try binder.bind(argument) }
        }
        let argumentType = typed.map { UserFunctions.argumentType($0.map(\.type)) } ?? input
        let host = try node.bind(function, as: .flatMap, input: argumentType, output: resultType)
        let fields = (keepInput ? binder.fields : []) + resultFields
        let names = fields.map(\.name)
        if let repeated = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw .invalid("Ambiguous column name: \(repeated) (the table and the function's columns must have distinct names; "
                           + "alias the function's, as in join_lateral(f(col('a')).alias('x')))")
        }
        let outputType = DataType.row(fields)
        let test = try condition.map { condition throws(SpateError) in try ExpressionBinder(input: outputType).bind(condition) }
        if let test, test.type.base != .bool { throw .invalid("the condition \(test.expression.text) is \(test.type.sqlName), not BOOLEAN") }
        if let condition, !Self.hasEquality(condition, across: binder.fields.count) {
            // As Flink: a lateral join's predicate must equate a column of the table with one of the function's.
            throw .invalid("Invalid join condition: \(condition.text). At least one equi-join predicate is required.")
        }
        let keepInput = self.keepInput, outer = self.outer ?? false
        return try node.add(kind: "PythonCorrelate", outputType: outputType, factory: .transform { _ in
            TableFunctionOperator(arguments: typed, function: host, keepInput: keepInput, outer: outer, condition: test,
                                  outputType: outputType)
        })
    }

    /// Whether a top-level conjunct of `condition` equates a field before `split` with one after it.
    private static func hasEquality(_ condition: Expression, across split: Int) -> Bool {
        guard case .call(let function, let args, _) = condition else { return false }
        if function == .and { return args.contains { hasEquality($0, across: split) } }
        guard function == .equals, case .field(let a) = args[0], case .field(let b) = args[1] else { return false }
        return (a < split) != (b < split)
    }
}

/// Where a table becomes a stream of inserts only (`to_data_stream`): its rows pass unchanged, and
/// a table with updates (a grouping's result) is refused, as Flink refuses it.
struct InsertOnlyNode: PlanNodeKind {
    static let kind = "insert_only"

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(1)
        if node.graph.node(node.inputs[0].node).producesUpdates {
            throw .invalid("the table is a changelog with updates (from a grouping), which a stream of inserts cannot "
                           + "hold; use to_changelog_stream, whose rows carry their kinds")
        }
        let id = try node.add(kind: "SinkConversion", outputType: try node.inputType(), factory: .transform { _ in Operators.union() })
        node.graph.followInputParallelism(id)
        return id
    }
}

/// A changelog: rows whose kinds (+I, -U, +U, -D) are changes, as `from_changelog_stream` reads
/// them and `to_changelog_stream` gives them. Rows pass unchanged; what reads them knows they may
/// retract (a grouping then takes back -U and -D rows).
struct ChangelogNode: PlanNodeKind {
    static let kind = "changelog"

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(1)
        let id = try node.add(kind: "ChangelogNormalize", outputType: try node.inputType(), factory: .transform { _ in Operators.union() })
        node.graph.followInputParallelism(id)
        node.graph.markProducesUpdates(id)
        return id
    }
}
