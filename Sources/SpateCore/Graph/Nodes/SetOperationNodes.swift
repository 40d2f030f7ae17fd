/// `union`, `intersect`, `intersect_all`, `minus`, `minus_all` of two tables (left, right) whose
/// columns have a common type (the same, or numbers: the wider, as Flink's INT and BIGINT give
/// BIGINT): the left's names, a column nullable where either side's is. Bounded tables only
/// (batch mode), as in Flink; `union_all` is a `union` node.
///
/// ```json
/// {"kind": "set_operation", "inputs": [{"node": 1}, {"node": 2}], "settings": {"operation": "minus_all"}}
/// ```
struct SetOperationNode: PlanNodeKind {
    static let kind = "set_operation"
    var operation: SetOperation

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(2)
        guard node.graph.runtimeMode == .batch else {
            throw .invalid("The \(operation.sqlName) operation on two unbounded tables is currently not supported "
                           + "(\(operation.methodName) needs batch mode; union_all works in both)")
        }
        let left = try node.inputType(0), right = try node.inputType(1)
        guard let leftFields = left.fields, let rightFields = right.fields else {
            throw .invalid("\(operation.methodName) needs two tables, got \(left.sqlName) and \(right.sqlName)")
        }
        let word = operation.methodName.split(separator: "_")[0]
        guard leftFields.count == rightFields.count else {
            throw .invalid("The \(word) operation on two tables of different column sizes: "
                           + "\(leftFields.count) and \(rightFields.count) is not supported")
        }
        let binders = [try ExpressionBinder(input: left), try ExpressionBinder(input: right)]
        var fields: [DataType.Field] = [], projections: [[TypedExpression]] = [[], []]
        for (position, (l, r)) in zip(leftFields, rightFields).enumerated() {
            let common: DataType
            if l.type.base == r.type.base {
                common = l.type.base
            } else if let a = NumericRank(l.type), let b = NumericRank(r.type) {
                common = max(a, b).type
            } else {
                throw .invalid("Incompatible types for \(word) operation. Could not find a common type at position \(position) "
                               + "for '\(l.type.base.sqlName)' and '\(r.type.base.sqlName)'")
            }
            fields.append(DataType.Field(l.name, l.type.isNullable || r.type.isNullable ? common : .notNull(common)))
            for (side, field) in [l, r].enumerated() {
                let column = Expression.field(position)
                projections[side].append(try binders[side].bind(field.type.base == common ? column
                    : .cast(column, to: common, orNull: false, text: "CAST(\(field.name) AS \(common.sqlName))")))
            }
        }
        let outputType = DataType.row(fields), operation = self.operation
        return try node.add(kind: "SetOperation", outputType: outputType, factory: .transform { _ in
            SetOperator(operation: operation, projections: projections, outputType: outputType)
        }, nonParallel: true, inputIndex: [0, 1])
    }
}
