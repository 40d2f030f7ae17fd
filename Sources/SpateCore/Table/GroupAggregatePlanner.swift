/// Plans a group aggregation from what a grouped table selects: finds the aggregate calls in the
/// selected expressions (each distinct call once), checks that everything else reads only the
/// grouping expressions, and rewrites the selection over the aggregation's output row
/// `(keys..., results...)`. The same plan serves SQL's GROUP BY.
///
/// ```swift
/// // group_by(k).select(k, sum(i) + 1) over (k, s, i):
/// let plan = try GroupAggregatePlanner(input: rows, keys: [.field(0)], select: [.field(0), plusOne])
/// // plan.calls == [sum(i)], plan.selection == [$0, $1 + 1] over (k, agg0)
/// ```
struct GroupAggregatePlanner {
    let keys: [TypedExpression]
    let calls: [AggregateCall]
    /// Each call's argument, over the input row.
    let arguments: [TypedExpression]
    /// The aggregation's output: the keys, then each call's result.
    let aggregatedType: DataType
    /// The selected expressions over the aggregated row.
    let selection: [TypedExpression]

    init(input: DataType, keys keyExpressions: [Expression], select: [Expression]) throws(SpateError) {
        if let call = (keyExpressions + select).first(where: \.callsUserFunction) {
            throw .invalid("\(call.text): Spate does not call Python functions in a grouping yet; compute the "
                           + "function in a select before group_by (t.add_columns(f(col('a')).alias('fa')))")
        }
        let binder = try ExpressionBinder(input: input)
        keys = try keyExpressions.map { key throws(SpateError) in
            if key.containsAggregate { throw .invalid("\(key.text): a table cannot be grouped by an aggregate") }
            return try binder.bind(key)
        }
        var found: [Expression] = []
        let rewritten = try select.map { expression throws(SpateError) in
            try Self.rewrite(expression, keys: keyExpressions, binder: binder, calls: &found)
        }
        var calls: [AggregateCall] = []
        var arguments: [TypedExpression] = []
        for call in found {
            guard case .aggregate(let function, let args, let distinct, _) = call else { continue }
            let argument = try binder.bind(args[0])
            var separator: String? = nil
            if args.count > 1 {
                guard case .literal(.string(let text), _) = args[1] else {
                    throw .invalid("\(call.text): the separator must be a string literal, got \(args[1].text)")
                }
                separator = text
            }
            guard let resultType = function.resultType(argument.type) else {
                throw .invalid("\(call.text): \(function.rawValue) does not take an argument of type \(argument.type.sqlName)")
            }
            calls.append(AggregateCall(function: function, distinct: distinct, argumentType: argument.type,
                                       separator: separator, resultType: resultType, text: call.text))
            arguments.append(argument)
        }
        self.calls = calls
        self.arguments = arguments
        let keyFields = keys.enumerated().map { position, key in
            DataType.Field(Self.keyName(key.expression, position: position, input: binder.fields), key.type)
        }
        aggregatedType = .row(keyFields + calls.enumerated().map { DataType.Field("agg\($0.offset)", $0.element.resultType) })
        let aggregated = try ExpressionBinder(input: aggregatedType)
        selection = try rewritten.map { expression throws(SpateError) in try aggregated.bind(expression) }
    }

    /// The row the aggregation reads: the keys, then the calls' arguments.
    var keyedType: DataType {
        .row(keys.enumerated().map { DataType.Field("k\($0.offset)", $0.element.type) }
             + arguments.enumerated().map { DataType.Field("a\($0.offset)", $0.element.type) })
    }

    private static func keyName(_ key: Expression, position: Int, input: [DataType.Field]) -> String {
        if case .field(let index) = key { return input[index].name }
        return "k\(position)"
    }

    /// `expression` over the aggregated row: a grouping expression becomes its key field, an
    /// aggregate call its result field; a field outside the grouping is an error, as in Flink.
    private static func rewrite(_ expression: Expression, keys: [Expression], binder: ExpressionBinder,
                                calls: inout [Expression]) throws(SpateError) -> Expression {
        if let key = keys.firstIndex(of: expression) { return .field(key) }
        switch expression {
        case .field(let index):
            let groupedNames = keys.map { key in
                if case .field(let field) = key, binder.fields.indices.contains(field) { return binder.fields[field].name }
                return key.text
            }
            let name = binder.fields.indices.contains(index) ? binder.fields[index].name : "$\(index)"
            throw .invalid("Cannot resolve field [\(name)], input field list:[\(groupedNames.joined(separator: ", "))]. "
                           + "A grouped table selects its grouping keys and aggregates, such as col('\(name)').max")
        case .literal:
            return expression
        case .aggregate(_, let args, _, _):
            if args.contains(where: \.containsAggregate) {
                throw .invalid("\(expression.text): It's not allowed to use an aggregate function as input of another aggregate function")
            }
            if let known = calls.firstIndex(of: expression) { return .field(keys.count + known) }
            calls.append(expression)
            return .field(keys.count + calls.count - 1)
        case .call(let function, let args, let text):
            return .call(function, try args.map { argument throws(SpateError) in
                try rewrite(argument, keys: keys, binder: binder, calls: &calls)
            }, text: text)
        case .cast(let inner, let type, let orNull, let text):
            return .cast(try rewrite(inner, keys: keys, binder: binder, calls: &calls), to: type, orNull: orNull, text: text)
        case .userFunction:
            return expression  // refused above
        }
    }
}
