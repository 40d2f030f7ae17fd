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
            let type = try Self.resultType(function, bound, in: expression)
            // NOT NULL when no argument can be NULL (IS [NOT] NULL never is), as in Flink.
            let notNull = function == .isNull || function == .isNotNull || bound.allSatisfy { !$0.type.isNullable }
            return TypedExpression(expression: expression, type: notNull ? .notNull(type.base) : .nullable(type.base), arguments: bound)
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

    /// The type `function` gives for its arguments' types.
    static func resultType(_ function: BuiltInFunction, _ args: [TypedExpression], in expression: Expression) throws(SpateError) -> DataType {
        let types = args.map(\.type)
        func refuse() -> SpateError {
            .invalid("\(expression.text): \(function.rawValue) does not take "
                     + types.map(\.sqlName).joined(separator: " and "))
        }
        switch function {
        case .plus, .minus, .times, .divide, .mod:
            guard let left = NumericRank(types[0]), let right = NumericRank(types[1]) else { throw refuse() }
            // Flink's MOD of integers has the divisor's type (BIGINT % INT is INT): the remainder fits it.
            if function == .mod && left.isExact && right.isExact { return right.type }
            return max(left, right).type
        case .negate:
            guard let rank = NumericRank(types[0]) else { throw refuse() }
            return rank.type
        case .equals, .notEquals, .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual:
            guard Comparison.common(types[0], types[1]) != nil else { throw refuse() }
            return .bool
        case .and, .or, .not:
            guard types.allSatisfy({ $0.base == .bool || $0.base == .null }) else { throw refuse() }
            return .bool
        case .isNull, .isNotNull:
            return .bool
        }
    }
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
