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
        let input = Self.argumentColumn(args, types: typed.arguments.map(\.type), rows: rows)
        guard let output = try function.apply(RecordBatch(values: input)), output.count == rows else {
            throw SpateError(.runtime, "\(text): the function gave no value for some rows")
        }
        return output.values
    }

    /// What a host function of these arguments gets: the value itself for one argument, a tuple of
    /// them for several, a NULL per row for none (it is called once per row all the same).
    static func argumentColumn(_ args: [Column], types: [DataType], rows: Int) -> Column {
        switch args.count {
        case 0:
            let nulls = NullColumn()
            for _ in 0..<rows { nulls.appendNull() }
            return nulls
        case 1: return args[0]
        default: return StructColumn(type: .tuple(types), fields: args, count: rows, validity: nil)
        }
    }

    /// The type `argumentColumn` gives for arguments of `types`.
    static func argumentType(_ types: [DataType]) -> DataType {
        types.isEmpty ? .null : types.count == 1 ? types[0] : .tuple(types)
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
                calls.append((index, UserFunctions.argumentType(typed.arguments.map(\.type)), returns, typed.expression.text))
            }
        }
        forEach(visit)
        return calls
    }
}
