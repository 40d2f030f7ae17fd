/// Flink SQL's typing of expressions: what type each function gives for its arguments' types.

/// An expression with its type worked out against the input row (`ExpressionBinder`).
public struct TypedExpression: Sendable {
    public let expression: Expression
    public let type: DataType
    public let arguments: [TypedExpression]
}

/// Works out expressions' types against an input row's fields, as Flink SQL does, and refuses
/// what Flink refuses: an unknown field, arguments of types a function does not take.
public struct ExpressionBinder {
    public let fields: [DataType.Field]

    public init(input: DataType) throws(SpateError) {
        guard let fields = input.fields else { throw .invalid("expressions need rows as input, got \(input.sqlName)") }
        self.fields = fields
    }

    public func bind(_ expression: Expression) throws(SpateError) -> TypedExpression {
        switch expression {
        case .field(let index):
            guard fields.indices.contains(index) else {
                throw .invalid("field \(index) is not one of the input's \(fields.count) fields")
            }
            return TypedExpression(expression: expression, type: fields[index].type, arguments: [])
        case .literal(let value, let type):
            // A literal that is not NULL is NOT NULL, as Flink types it (`lit(5)`: INT NOT NULL).
            return TypedExpression(expression: expression, type: value == .null ? .nullable(type.base) : .notNull(type.base),
                                   arguments: [])
        case .call(let function, let args, _):
            let bound = try args.map { argument throws(SpateError) in try bind(argument) }
            // Nullable results are marked so (`?`): an unmarked number reads as a DataStream primitive.
            let type = try Self.resultType(function, bound, in: expression)
            return TypedExpression(expression: expression, type: type.isNullable ? .nullable(type.base) : type, arguments: bound)
        case .cast(let inner, let type, let orNull, _):
            let bound = try bind(inner)
            guard NumericRank(bound.type) != nil || bound.type.base == .bool || bound.type.base == .null,
                  NumericRank(type) != nil || type.base == .bool else {
                throw .invalid("\(expression.text): cannot cast \(bound.type.sqlName) to \(type.sqlName)")
            }
            return TypedExpression(expression: expression, type: (!orNull && !bound.type.isNullable) ? .notNull(type.base) : .nullable(type.base),
                                   arguments: [bound])
        case .userFunction(_, let args, let returns, _):
            let bound = try args.map { argument throws(SpateError) in try bind(argument) }
            return TypedExpression(expression: expression, type: returns, arguments: bound)
        case .aggregate:
            throw .invalid("\(expression.text): an aggregate is allowed only in what a table selects "
                           + "(t.select(col('a').sum), t.group_by(col('k')).select(...)), not in a filter or a row expression")
        }
    }

    /// The type `function` gives for its arguments' types, with its nullability: NOT NULL when no
    /// argument can be NULL, as in Flink, unless the function's own rule says otherwise.
    static func resultType(_ function: BuiltInFunction, _ args: [TypedExpression], in expression: Expression) throws(SpateError) -> DataType {
        let types = args.map(\.type)
        func refuse() -> SpateError {
            .invalid("\(expression.text): \(function.rawValue) does not take "
                     + types.map(\.sqlName).joined(separator: " and "))
        }
        let nullable = types.contains { $0.isNullable }
        func ofArguments(_ type: DataType) -> DataType { nullable ? type.base : .notNull(type.base) }
        switch function {
        case .plus, .minus, .times, .divide, .mod:
            guard let left = NumericRank(types[0]), let right = NumericRank(types[1]) else { throw refuse() }
            // Flink's MOD of integers has the divisor's type (BIGINT % INT is INT): the remainder fits it.
            if function == .mod && left.isExact && right.isExact { return ofArguments(right.type) }
            return ofArguments(max(left, right).type)
        case .negate:
            guard let rank = NumericRank(types[0]) else { throw refuse() }
            return ofArguments(rank.type)
        case .equals, .notEquals, .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual:
            guard Comparison.common(types[0], types[1]) != nil else { throw refuse() }
            return ofArguments(.bool)
        case .and, .or, .not:
            guard types.allSatisfy({ $0.base == .bool || $0.base == .null }) else { throw refuse() }
            return ofArguments(.bool)
        case .isNull, .isNotNull:
            return .notNull(.bool)  // never NULL
        case .ifThenElse, .coalesce, .ifNull, .isIn, .isTrue, .isFalse, .isNotTrue, .isNotFalse:
            return try ConditionalFunctions.resultType(function, args, in: expression)
        case .upper, .lower, .charLength, .initCap, .reverse, .trim, .ltrim, .rtrim, .substring, .concat, .concatWs,
             .replace, .position, .locate, .lpad, .rpad, .repeat, .left, .right, .startsWith, .endsWith,
             .like, .regexp, .regexpReplace, .regexpExtract, .splitIndex, .toBase64, .fromBase64:
            return try StringFunctions.resultType(function, args, in: expression)
        case .abs, .sign, .floor, .ceil, .round, .truncate, .power, .sqrt, .exp, .ln, .log10, .log2, .log,
             .sin, .cos, .tan, .cot, .asin, .acos, .atan, .atan2, .sinh, .cosh, .tanh, .degrees, .radians, .pi, .e:
            return try MathFunctions.resultType(function, args, in: expression)
        }
    }
}

/// What a function's argument must be, for the families' type rules and their messages.
enum ArgumentKind {
    case string, integer, numeric, boolean

    var name: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .numeric: "a number"
        case .boolean: "a boolean"
        }
    }

    func accepts(_ type: DataType) -> Bool {
        switch self {
        case .string: [.string, .char, .null].contains(type.base)
        case .integer: type.base == .null || NumericRank(type)?.isExact == true
        case .numeric: type.base == .null || NumericRank(type) != nil
        case .boolean: type.base == .bool || type.base == .null
        }
    }

    /// Checks each argument against its kind (the last kind stands for any further arguments):
    /// an error names the expression as written, the argument, what it must be and what it is.
    static func check(_ kinds: [ArgumentKind], _ args: [TypedExpression], _ function: BuiltInFunction,
                      in expression: Expression) throws(SpateError) {
        for (position, argument) in args.enumerated() {
            let kind = kinds[min(position, kinds.count - 1)]
            guard kind.accepts(argument.type) else {
                throw .invalid("\(expression.text): \(function.rawValue.uppercased()) takes \(kind.name) as argument "
                               + "\(position + 1), not \(argument.type.base.sqlName)")
            }
        }
    }
}

/// The type two or more values have together (Flink's least restrictive type): the widest of
/// numbers, a string for strings, a boolean for booleans; NULL-typed values fit any. nil if they
/// have none (a number and a string).
func commonType(_ types: [DataType]) -> DataType? {
    let typed = types.map(\.base).filter { $0 != .null }
    guard let first = typed.first else { return .null }
    if let ranks = Optional(typed.compactMap(NumericRank.init)), ranks.count == typed.count { return ranks.max()!.type }
    if typed.allSatisfy({ $0 == .string || $0 == .char }) { return .string }
    return typed.allSatisfy({ $0 == first }) ? first : nil
}

/// The exact and approximate numeric types in Flink's order of widening: an operation on two of
/// them has the wider's type (`INT + BIGINT` is BIGINT, `INT + DOUBLE` DOUBLE, `TINYINT + TINYINT`
/// TINYINT).
enum NumericRank: Int, Comparable {
    case tinyint, smallint, int, bigint, float, double

    init?(_ type: DataType) {
        switch type.base {
        case .int8: self = .tinyint
        case .int16: self = .smallint
        case .int32: self = .int
        case .int64: self = .bigint
        case .float32: self = .float
        case .float64: self = .double
        default: return nil
        }
    }

    var type: DataType { [.int8, .int16, .int32, .int64, .float32, .float64][rawValue] }
    var isExact: Bool { self <= .bigint }

    static func < (a: NumericRank, b: NumericRank) -> Bool { a.rawValue < b.rawValue }
}

/// What two values are compared as.
enum Comparison: Equatable {
    case numeric(NumericRank)
    case bool
    case string

    static func common(_ a: DataType, _ b: DataType) -> Comparison? {
        if let left = NumericRank(a), let right = NumericRank(b) { return .numeric(max(left, right)) }
        switch (a.base, b.base) {
        case (.bool, .bool): return .bool
        case (.string, .string), (.char, .char), (.string, .char), (.char, .string): return .string
        default: return nil
        }
    }
}
