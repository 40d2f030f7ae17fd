/// The user-defined functions of the host (Python `udf`s) an operator's expressions call, opened
/// for one subtask: function `index` of the node gets a batch of its arguments (the value itself
/// for one argument, a tuple of them for several, a NULL for none) and gives a column of results,
/// one host call per batch.
public struct UserFunctions {
    private var instances: [Int: BatchFunction] = [:]

    public init() {}

    init(_ instances: [Int: BatchFunction]) { self.instances = instances }

    func call(_ index: Int, _ args: [Column], rows: Int, typed: TypedExpression) throws(SpateError) -> Column {
        let text = typed.expression.text
        guard let function = instances[index] else {
            throw .invalid("\(text): a Python function is called only in a select, a filter or new columns, not here")
        }
        let input: Column
        switch args.count {
        case 0:  // a function of no arguments is called once per row all the same (with a NULL it ignores)
            let nulls = NullColumn()
            for _ in 0..<rows { nulls.appendNull() }
            input = nulls
        case 1: input = args[0]
        default: input = StructColumn(type: .tuple(typed.arguments.map(\.type)), fields: args, count: rows, validity: nil)
        }
        guard let output = try function.apply(RecordBatch(values: input)), output.count == rows else {
            throw SpateError(.runtime, "\(text): the function gave no value for some rows")
        }
        return output.values
    }
}

/// The user-defined functions an expression's node binds: each call site is its own host function,
/// bound to the types of its arguments and its declared result.
extension Array where Element == TypedExpression {
    /// Each user-defined call in these expressions: its index, argument types and result type.
    var userFunctionCalls: [(index: Int, input: DataType, output: DataType, text: String)] {
        var calls: [(index: Int, input: DataType, output: DataType, text: String)] = []
        func visit(_ typed: TypedExpression) {
            typed.arguments.forEach(visit)
            if case .userFunction(let index, _, let returns, _) = typed.expression {
                let types = typed.arguments.map(\.type)
                let input: DataType = types.isEmpty ? .null : types.count == 1 ? types[0] : .tuple(types)
                calls.append((index, input, returns, typed.expression.text))
            }
        }
        forEach(visit)
        return calls
    }
}
