/// IF, COALESCE, IFNULL, IN and the IS [NOT] TRUE/FALSE tests: their types (Flink's, nullability
/// included) and their evaluation over whole columns.
///
/// ```swift
/// // coalesce(x, 0): x where it is not NULL, else 0; INT NOT NULL
/// let typed = try ExpressionBinder(input: rows.type).bind(.call(.coalesce, [.field(0), zero], text: "coalesce(x, 0)"))
/// ```
enum ConditionalFunctions {
    static func resultType(_ function: BuiltInFunction, _ args: [TypedExpression],
                           in expression: Expression) throws(SpateError) -> DataType {
        let types = args.map(\.type)
        func common(_ values: ArraySlice<DataType>) throws(SpateError) -> DataType {
            guard let type = commonType(Array(values)) else {
                throw .invalid("\(expression.text): \(function.rawValue.uppercased()) needs values of one type, got "
                               + values.map(\.sqlName).joined(separator: ", "))
            }
            return type
        }
        switch function {
        case .ifThenElse:
            try ArgumentKind.check([.boolean], [args[0]], function, in: expression)
            let type = try common(types[1...])
            // A NULL condition takes the second branch: only the branches make it NULL.
            return types[1].isNullable || types[2].isNullable ? type : .notNull(type)
        case .coalesce:
            let type = try common(types[...])
            // NULL only when every argument can be.
            return types.allSatisfy(\.isNullable) ? type : .notNull(type)
        case .ifNull:
            let type = try common(types[...])
            return types[1].isNullable ? type : .notNull(type)
        case .isIn:
            for (position, value) in args.enumerated().dropFirst() {
                guard case .literal = value.expression else {
                    throw .invalid("\(expression.text): IN takes literal values: argument \(position + 1) is not a literal")
                }
                guard Comparison.common(types[0], value.type) != nil || value.type.base == .null else {
                    throw .invalid("\(expression.text): IN compares \(types[0].sqlName) with \(value.type.sqlName)")
                }
            }
            return types.contains(where: \.isNullable) ? .bool : .notNull(.bool)
        default:  // IS [NOT] TRUE/FALSE: never NULL
            try ArgumentKind.check([.boolean], args, function, in: expression)
            return .notNull(.bool)
        }
    }

    static func evaluate(_ function: BuiltInFunction, _ args: [Column], typed: TypedExpression) throws(SpateError) -> Column {
        let text = typed.expression.text
        let rows = args.first?.count ?? 0
        switch function {
        case .ifThenElse:
            let branches = [try ExpressionEvaluator.cast(args[1], to: typed.type.base, text: text),
                            try ExpressionEvaluator.cast(args[2], to: typed.type.base, text: text)]
            let result = Column.make(typed.type.base, capacity: rows)
            for row in 0..<rows {
                result.append(from: branches[Logic.value(args[0], row) == true ? 0 : 1], row: row)
            }
            return result
        case .coalesce, .ifNull:
            let values = try args.map { argument throws(SpateError) in
                try ExpressionEvaluator.cast(argument, to: typed.type.base, text: text)
            }
            let result = Column.make(typed.type.base, capacity: rows)
            for row in 0..<rows {
                let first = values.first { !$0.isNull(row) } ?? values[values.count - 1]
                result.append(from: first, row: row)
            }
            return result
        case .isIn:
            // x IN (a, b) is x = a OR x = b, in SQL's three-valued logic: NULL when no value
            // matches and x or one of the values is NULL.
            var result: Column = Logic.constant(false, rows: rows)
            for (index, value) in args.enumerated().dropFirst() {
                let equal = try ExpressionEvaluator.compare(.equals, args[0], value,
                                                            types: typed.arguments[0].type, typed.arguments[index].type, text: text)
                result = Logic.combine(.or, result, equal)
            }
            return result
        default:
            let result = BoolColumn(capacity: rows)
            for row in 0..<rows {
                let value = Logic.value(args[0], row)
                switch function {
                case .isTrue: result.append(value == true)
                case .isFalse: result.append(value == false)
                case .isNotTrue: result.append(value != true)
                default: result.append(value != false)
                }
            }
            return result
        }
    }
}
