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
        return try node.add(kind: "Calc", outputType: outputType, factory: .transform { _ in
            CalcOperator(projections: typed, condition: test, outputType: outputType)
        })
    }
}
