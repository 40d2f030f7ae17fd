/// An expression of the Table API and SQL as a plan spells it: a field of the input row, a literal,
/// a call of a built-in function, a cast, an aggregate (only in what a grouped table selects), or a
/// call of a user-defined function of the host (a Python `udf`). `text` is the expression as the user wrote it
/// (`amount * 2`), for error messages.
///
/// ```json
/// {"call": "times", "args": [{"field": 1}, {"literal": 2, "type": "i32"}], "text": "amount * 2"}
/// ```
public indirect enum Expression: Sendable, Equatable {
    case field(Int)
    /// A value of `type` (`JSONValue.null` for a NULL of that type).
    case literal(JSONValue, type: DataType)
    case call(BuiltInFunction, [Expression], text: String?)
    /// `CAST(e AS type)`, or `TRY_CAST` (`orNull`: a value that does not fit becomes NULL).
    case cast(Expression, to: DataType, orNull: Bool, text: String?)
    /// An aggregate function of its arguments over a group's rows (`sum(amount)`, `count(DISTINCT id)`).
    case aggregate(AggregateFunction, [Expression], distinct: Bool, text: String?)
    /// Host function `function` of its node (its `udfs` setting), returning `returns`.
    case userFunction(Int, [Expression], returns: DataType, text: String?)

    /// The expression as written, as far as the plan says.
    public var text: String {
        switch self {
        case .field(let index): return "$\(index)"
        case .literal(let value, _): return value.serialized
        case .call(let function, let args, let text): return text ?? "\(function.rawValue)(\(args.map(\.text).joined(separator: ", ")))"
        case .cast(let inner, let type, let orNull, let text):
            return text ?? "\(orNull ? "TRY_CAST" : "CAST")(\(inner.text) AS \(type.sqlName))"
        case .aggregate(let function, let args, let distinct, let text):
            return text ?? "\(function.rawValue)(\(distinct ? "DISTINCT " : "")\(args.map(\.text).joined(separator: ", ")))"
        case .userFunction(let function, let args, _, let text):
            return text ?? "udf\(function)(\(args.map(\.text).joined(separator: ", ")))"
        }
    }

    /// Whether an aggregate call is in it.
    public var containsAggregate: Bool {
        switch self {
        case .field, .literal: return false
        case .aggregate: return true
        case .call(_, let args, _), .userFunction(_, let args, _, _): return args.contains { $0.containsAggregate }
        case .cast(let inner, _, _, _): return inner.containsAggregate
        }
    }

    /// Whether a user-defined (host) function call is in it.
    public var callsUserFunction: Bool {
        switch self {
        case .field, .literal: return false
        case .userFunction: return true
        case .call(_, let args, _), .aggregate(_, let args, _, _): return args.contains { $0.callsUserFunction }
        case .cast(let inner, _, _, _): return inner.callsUserFunction
        }
    }

}

/// The built-in functions expressions call, by their plan names. Each has one place per rule: its
/// name and arity here, its type rule in `ExpressionBinder.resultType` (the string, math and
/// conditional families in their own files), its evaluation in `ExpressionEvaluator.call`.
///
/// ```json
/// {"call": "substring", "args": [{"field": 0}, {"literal": 2, "type": "i32"}], "text": "substring(a, 2)"}
/// ```
public enum BuiltInFunction: String, Sendable, CaseIterable, Decodable {
    case plus, minus, times, divide, mod, negate
    case equals, notEquals = "not_equals", lessThan = "less_than", lessThanOrEqual = "less_than_or_equal"
    case greaterThan = "greater_than", greaterThanOrEqual = "greater_than_or_equal"
    case and, or, not
    case isNull = "is_null", isNotNull = "is_not_null"
    // Conditionals (ConditionalFunctions.swift).
    case ifThenElse = "if_then_else", coalesce, ifNull = "if_null", isIn = "in"
    case isTrue = "is_true", isFalse = "is_false", isNotTrue = "is_not_true", isNotFalse = "is_not_false"
    // Strings (StringFunctions.swift, PatternFunctions.swift).
    case upper, lower, charLength = "char_length", initCap = "init_cap", reverse
    case trim, ltrim, rtrim, substring, concat, concatWs = "concat_ws", replace, position, locate
    case lpad, rpad, `repeat`, left, right, startsWith = "starts_with", endsWith = "ends_with"
    case like, regexp, regexpReplace = "regexp_replace", regexpExtract = "regexp_extract", splitIndex = "split_index"
    case toBase64 = "to_base64", fromBase64 = "from_base64"
    // Math (MathFunctions.swift).
    case abs, sign, floor, ceil, round, truncate, power, sqrt, exp, ln, log10, log2, log
    case sin, cos, tan, cot, asin, acos, atan, atan2, sinh, cosh, tanh, degrees, radians, pi, e

    var isArithmetic: Bool { [.plus, .minus, .times, .divide, .mod].contains(self) }
    var isComparison: Bool { [.equals, .notEquals, .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual].contains(self) }

    /// How many arguments it takes (`Int.max`: any number from the lower bound).
    var arity: ClosedRange<Int> {
        switch self {
        case .pi, .e: 0...0
        case .negate, .not, .isNull, .isNotNull, .isTrue, .isFalse, .isNotTrue, .isNotFalse,
             .upper, .lower, .charLength, .initCap, .reverse, .toBase64, .fromBase64,
             .abs, .sign, .floor, .ceil, .sqrt, .exp, .ln, .log10, .log2,
             .sin, .cos, .tan, .cot, .asin, .acos, .atan, .sinh, .cosh, .tanh, .degrees, .radians: 1...1
        case .trim, .ltrim, .rtrim, .log, .round, .truncate: 1...2
        case .substring, .locate, .like, .regexpExtract: 2...3
        case .ifThenElse, .replace, .lpad, .rpad, .regexpReplace, .splitIndex: 3...3
        case .coalesce, .concat: 1...Int.max
        case .isIn, .concatWs: 2...Int.max
        default: 2...2
        }
    }

    /// The arity as a message says it.
    var arityText: String {
        arity.upperBound == Int.max ? "at least \(arity.lowerBound)"
            : arity.count == 1 ? "\(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)"
    }
}

extension Expression: Decodable {
    private enum Keys: String, CodingKey { case field, literal, type, call, args, text, cast, orNull, aggregate, distinct, udf }

    public init(from decoder: any Decoder) throws {
        let fields = try decoder.container(keyedBy: Keys.self)
        if fields.contains(.field) {
            let index = try fields.decode(Int.self, forKey: .field)
            guard index >= 0 else {
                throw DecodingError.dataCorruptedError(forKey: .field, in: fields, debugDescription: "field \(index) is negative")
            }
            self = .field(index)
        } else if fields.contains(.literal) {
            self = .literal(try fields.decode(JSONValue.self, forKey: .literal), type: try fields.decode(DataType.self, forKey: .type))
        } else if fields.contains(.call) {
            let function = try fields.decode(BuiltInFunction.self, forKey: .call)
            let args = try fields.decodeIfPresent([Expression].self, forKey: .args) ?? []
            let text = try fields.decodeIfPresent(String.self, forKey: .text)
            guard function.arity.contains(args.count) else {
                throw DecodingError.dataCorruptedError(forKey: .args, in: fields, debugDescription:
                    "\(text.map { "\($0): " } ?? "")\(function.rawValue) takes \(function.arityText) argument(s), got \(args.count)")
            }
            self = .call(function, args, text: text)
        } else if fields.contains(.cast) {
            self = .cast(try fields.decode(Expression.self, forKey: .cast), to: try fields.decode(DataType.self, forKey: .type),
                         orNull: try fields.decodeIfPresent(Bool.self, forKey: .orNull) ?? false,
                         text: try fields.decodeIfPresent(String.self, forKey: .text))
        } else if fields.contains(.aggregate) {
            let function = try fields.decode(AggregateFunction.self, forKey: .aggregate)
            let args = try fields.decodeIfPresent([Expression].self, forKey: .args) ?? []
            guard function.arity.contains(args.count) else {
                throw DecodingError.dataCorruptedError(forKey: .args, in: fields, debugDescription:
                    "\(function.rawValue) takes \(function.arity.lowerBound == function.arity.upperBound ? "\(function.arity.lowerBound)" : "\(function.arity.lowerBound) to \(function.arity.upperBound)") argument(s), got \(args.count)")
            }
            self = .aggregate(function, args, distinct: try fields.decodeIfPresent(Bool.self, forKey: .distinct) ?? false,
                              text: try fields.decodeIfPresent(String.self, forKey: .text))
        } else if fields.contains(.udf) {
            let function = try fields.decode(Int.self, forKey: .udf)
            guard function >= 0 else {
                throw DecodingError.dataCorruptedError(forKey: .udf, in: fields, debugDescription: "function \(function) is negative")
            }
            self = .userFunction(function, try fields.decodeIfPresent([Expression].self, forKey: .args) ?? [],
                                 returns: try fields.decode(DataType.self, forKey: .type),
                                 text: try fields.decodeIfPresent(String.self, forKey: .text))
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription:
                "an expression is a field, a literal, a call, a cast, an aggregate or a user-defined function call"))
        }
    }
}
