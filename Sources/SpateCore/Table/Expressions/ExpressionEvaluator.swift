/// Evaluates a typed expression over a batch of rows, a column at a time: each function is a loop
/// over whole columns with their validity bitmaps (SQL's NULLs), never a call per value. Where
/// Flink silently wraps (an INT sum past 2^31, a CAST(300 AS TINYINT)) or fails without saying
/// where, Spate raises an error that names the expression as written.
///
/// ```swift
/// let typed = try ExpressionBinder(input: rows.type).bind(expression)
/// let column = try ExpressionEvaluator.evaluate(typed, over: rows)
/// ```
public enum ExpressionEvaluator {
    /// The column of `typed`'s values over `input`'s rows; `functions` are the opened host functions
    /// its user-defined calls name.
    public static func evaluate(_ typed: TypedExpression, over input: StructColumn,
                                functions: UserFunctions = UserFunctions()) throws(SpateError) -> Column {
        let rows = input.count
        switch typed.expression {
        case .field(let index):
            return input.fields[index]
        case .literal(let value, let type):
            return try literalColumn(value, type: type, rows: rows, text: typed.expression.text)
        case .cast(_, let type, let orNull, _):
            let inner = try evaluate(typed.arguments[0], over: input, functions: functions)
            return try cast(inner, to: type, orNull: orNull, text: typed.expression.text)
        case .call(let function, _, _):
            let args = try typed.arguments.map { argument throws(SpateError) in try evaluate(argument, over: input, functions: functions) }
            return try call(function, args, typed: typed, input: input)
        case .userFunction(let index, _, _, _):
            let args = try typed.arguments.map { argument throws(SpateError) in try evaluate(argument, over: input, functions: functions) }
            return try functions.call(index, args, rows: rows, typed: typed)
        case .aggregate:
            throw .invalid("\(typed.expression.text): aggregates are computed by a group aggregation, not evaluated per row")
        }
    }

    private static func call(_ function: BuiltInFunction, _ args: [Column], typed: TypedExpression,
                             input: StructColumn) throws(SpateError) -> Column {
        let text = typed.expression.text
        switch function {
        case .plus, .minus, .times, .divide, .mod:
            // Computed in the wider argument's type; a remainder then has its divisor's (it fits).
            guard let left = NumericRank(typed.arguments[0].type), let right = NumericRank(typed.arguments[1].type) else {
                throw .invalid("\(text): \(function.rawValue) needs numbers")
            }
            let rank = max(left, right)
            let result = try Numeric.binary(function, try cast(args[0], to: rank.type, text: text), try cast(args[1], to: rank.type, text: text),
                                            rank: rank, text: text)
            return try cast(result, to: typed.type, text: text)
        case .negate:
            let rank = try numericRank(typed)
            return try Numeric.negate(try cast(args[0], to: rank.type, text: text), rank: rank, text: text)
        case .equals, .notEquals, .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual:
            return try compare(function, args[0], args[1], types: typed.arguments[0].type, typed.arguments[1].type, text: text)
        case .and, .or:
            return Logic.combine(function, args[0], args[1])
        case .not:
            return Logic.not(args[0])
        case .isNull, .isNotNull:
            let result = BoolColumn(capacity: args[0].count)
            let wanted = function == .isNull
            for row in 0..<args[0].count { result.append(args[0].isNull(row) == wanted) }
            return result
        case .ifThenElse, .coalesce, .ifNull, .isIn, .isTrue, .isFalse, .isNotTrue, .isNotFalse:
            return try ConditionalFunctions.evaluate(function, args, typed: typed)
        case .upper, .lower, .charLength, .initCap, .reverse, .trim, .ltrim, .rtrim, .substring, .concat, .concatWs,
             .replace, .position, .locate, .lpad, .rpad, .repeat, .left, .right, .startsWith, .endsWith, .splitIndex,
             .toBase64, .fromBase64:
            return try StringFunctions.evaluate(function, args, typed: typed)
        case .like, .regexp, .regexpReplace, .regexpExtract:
            return try PatternFunctions.evaluate(function, args, typed: typed)
        case .abs, .sign, .floor, .ceil, .round, .truncate, .power, .sqrt, .exp, .ln, .log10, .log2, .log,
             .sin, .cos, .tan, .cot, .asin, .acos, .atan, .atan2, .sinh, .cosh, .tanh, .degrees, .radians, .pi, .e:
            return try MathFunctions.evaluate(function, args, typed: typed, rows: input.count)
        }
    }

    private static func numericRank(_ typed: TypedExpression) throws(SpateError) -> NumericRank {
        guard let rank = NumericRank(typed.type) else {
            throw .invalid("\(typed.expression.text): \(typed.type.sqlName) is not numeric")
        }
        return rank
    }

    // MARK: - Literals and casts

    /// A column of `rows` copies of a literal.
    static func literalColumn(_ value: JSONValue, type: DataType, rows: Int, text: String) throws(SpateError) -> Column {
        if let numbers = Numeric.repeated(value, type: type, rows: rows) { return numbers }
        let column = Column.make(type, capacity: rows)
        for _ in 0..<rows {
            switch value {
            case .null: column.appendNull()
            case .bool(let flag): try column.appendBool(flag)
            case .integer(let number): try column.appendInt(number)
            case .double(let number): try column.appendFloat(number)
            case .string(let string):
                var copy = string
                let appended = copy.withUTF8 { bytes in Result { () throws(SpateError) in try column.appendString(UnsafeRawBufferPointer(bytes)) } }
                try appended.get()
            default: throw .invalid("\(text): \(value.kindName) literals are not supported")
            }
        }
        return column
    }

    /// `column` as `type`. Numbers convert exactly or not at all (an error naming the expression, or
    /// NULL for `TRY_CAST`); floating-point values cast to integers drop their fraction, as in Flink.
    static func cast(_ column: Column, to type: DataType, orNull: Bool = false, text: String) throws(SpateError) -> Column {
        if column.type.base == type.base { return column }
        if let wider = Numeric.widened(column, to: type) ?? Numeric.narrowed(column, to: type) { return wider }
        let result = Column.make(type, capacity: column.count)
        for row in 0..<column.count {
            if column.isNull(row) {
                result.appendNull()
                continue
            }
            let converted: Bool
            switch column {
            case let bools as BoolColumn:
                if type.base == .bool { try result.appendBool(bools[row]); converted = true }
                else { converted = (try? result.appendInt(bools[row] ? 1 : 0)) != nil }
            default:
                guard let number = Numeric.value(column, row) else {
                    throw .invalid("\(text): cannot cast \(column.type.sqlName) to \(type.sqlName)")
                }
                switch number {
                case .exact(let value):
                    if type.base == .bool { try result.appendBool(value != 0); converted = true }
                    else if NumericRank(type)?.isExact == true { converted = (try? result.appendInt(value)) != nil }
                    else { try result.appendFloat(Double(value)); converted = true }
                case .approximate(let value):
                    if NumericRank(type)?.isExact == true {
                        let truncated = value.rounded(.towardZero)
                        converted = truncated.isFinite && truncated >= -9.223372036854775808e18 && truncated < 9.223372036854775808e18
                            && (try? result.appendInt(Int64(truncated))) != nil
                    } else if type.base == .bool {
                        try result.appendBool(value != 0); converted = true
                    } else { try result.appendFloat(value); converted = true }
                }
            }
            if !converted {
                guard orNull else {
                    throw SpateError(.typeMismatch, "\(text): \(Numeric.describe(column, row)) does not fit \(type.sqlName)")
                }
                result.appendNull()
            }
        }
        return result
    }

    // MARK: - Comparisons

    /// `left` compared with `right` (of the types the binder gave them), NULL where either is.
    static func compare(_ function: BuiltInFunction, _ left: Column, _ right: Column,
                        types leftType: DataType, _ rightType: DataType, text: String) throws(SpateError) -> Column {
        if leftType.base == .null || rightType.base == .null { return Logic.constant(nil, rows: left.count) }
        guard let common = Comparison.common(leftType, rightType) else {
            throw .invalid("\(text): cannot compare \(left.type.sqlName) and \(right.type.sqlName)")
        }
        let rows = left.count
        let result = BoolColumn(capacity: rows)
        func decide(_ order: Int) -> Bool {  // order: -1, 0, 1
            switch function {
            case .equals: order == 0
            case .notEquals: order != 0
            case .lessThan: order < 0
            case .lessThanOrEqual: order <= 0
            case .greaterThan: order > 0
            default: order >= 0
            }
        }
        switch common {
        case .numeric(let rank):
            let a = try cast(left, to: rank.type, text: text), b = try cast(right, to: rank.type, text: text)
            if let compared = Numeric.compared(a, b, decide) { return compared }
            for row in 0..<rows {
                if a.isNull(row) || b.isNull(row) { result.appendNull(); continue }
                result.append(decide(Numeric.order(a, b, row)))
            }
        case .bool:
            guard let a = left as? BoolColumn, let b = right as? BoolColumn else { throw .invalid("\(text): expected booleans") }
            for row in 0..<rows {
                if a.isNull(row) || b.isNull(row) { result.appendNull(); continue }
                result.append(decide(a[row] == b[row] ? 0 : (a[row] ? 1 : -1)))
            }
        case .string:
            guard let a = left as? StringColumn, let b = right as? StringColumn else { throw .invalid("\(text): expected strings") }
            for row in 0..<rows {
                if a.isNull(row) || b.isNull(row) { result.appendNull(); continue }
                // UTF-8 bytes order as code points do (Java compares UTF-16 units: they differ only
                // between supplementary characters and U+E000...U+FFFF).
                let x = a.utf8(row), y = b.utf8(row)
                let order = x.lexicographicallyPrecedes(y) ? -1 : (y.lexicographicallyPrecedes(x) ? 1 : 0)
                result.append(decide(order))
            }
        }
        return result
    }
}

/// SQL's three-valued AND, OR and NOT: FALSE AND NULL is FALSE, TRUE OR NULL is TRUE.
enum Logic {
    static func combine(_ function: BuiltInFunction, _ left: Column, _ right: Column) -> Column {
        let result = BoolColumn(capacity: left.count)
        let decisive = function == .or  // the value that settles the result whatever the other is
        for row in 0..<left.count {
            let a = value(left, row), b = value(right, row)
            if a == decisive || b == decisive { result.append(decisive) }
            else if a == nil || b == nil { result.appendNull() }
            else { result.append(!decisive) }
        }
        return result
    }

    static func not(_ column: Column) -> Column {
        let result = BoolColumn(capacity: column.count)
        for row in 0..<column.count {
            if let value = value(column, row) { result.append(!value) } else { result.appendNull() }
        }
        return result
    }

    /// `rows` copies of one truth value (nil: NULL).
    static func constant(_ value: Bool?, rows: Int) -> BoolColumn {
        let result = BoolColumn(capacity: rows)
        for _ in 0..<rows { if let value { result.append(value) } else { result.appendNull() } }
        return result
    }

    /// A boolean, or nil for NULL (a NULL-typed column holds only NULLs).
    static func value(_ column: Column, _ row: Int) -> Bool? {
        guard !column.isNull(row), let bools = column as? BoolColumn else { return nil }
        return bools[row]
    }
}
