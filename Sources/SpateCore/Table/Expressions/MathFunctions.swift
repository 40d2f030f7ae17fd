// The standard library has no transcendental functions; Glibc's libm (already linked for threads
// and clocks) computes them as Java's Math does, to within an ulp.
import Glibc

/// ABS, SIGN, FLOOR, CEIL, ROUND, TRUNCATE (in their argument's type), POWER, SQRT, EXP, the
/// logarithms, the trigonometric functions, DEGREES, RADIANS (DOUBLE), PI and E, as Flink types
/// and computes them, over whole columns. Where Flink wraps an integer (ABS(-2147483648),
/// ROUND(2147483647, -1)), Spate raises an error naming the expression.
///
/// ```swift
/// // round(price, 1) of a DOUBLE column: 2.25 -> 2.3 (half up, on the shortest decimal form, as Flink)
/// let typed = try ExpressionBinder(input: rows.type).bind(.call(.round, [.field(0), one], text: "round(price, 1)"))
/// ```
enum MathFunctions {
    static func resultType(_ function: BuiltInFunction, _ args: [TypedExpression],
                           in expression: Expression) throws(SpateError) -> DataType {
        let types = args.map(\.type)
        let nullable = types.contains { $0.isNullable }
        switch function {
        case .pi, .e:
            return .notNull(.float64)
        case .abs, .sign, .floor, .ceil, .round, .truncate:
            try ArgumentKind.check([.numeric, .integer], args, function, in: expression)
            let type = NumericRank(types[0])?.type ?? .int32
            return nullable ? type : .notNull(type)
        default:
            try ArgumentKind.check([.numeric], args, function, in: expression)
            return nullable ? .float64 : .notNull(.float64)
        }
    }

    static func evaluate(_ function: BuiltInFunction, _ args: [Column], typed: TypedExpression,
                         rows: Int) throws(SpateError) -> Column {
        let text = typed.expression.text
        switch function {
        case .pi, .e:
            let result = PrimitiveColumn<Double>(type: .float64, capacity: rows)
            for _ in 0..<rows { result.append(function == .pi ? Double.pi : 2.718281828459045) }
            return result
        case .abs, .sign, .floor, .ceil, .round, .truncate:
            return try sameType(function, args, type: typed.type.base, text: text)
        default:
            let x = try doubles(args[0], text: text)
            if args.count == 2 {
                let y = try doubles(args[1], text: text)
                switch function {
                case .power: return zip(x, y) { Glibc.pow($0, $1) }
                case .atan2: return zip(x, y) { Glibc.atan2($0, $1) }
                default: return zip(x, y) { base, value in Glibc.log(value) / Glibc.log(base) }  // LOG(base, x)
                }
            }
            let body: (Double) -> Double
            switch function {
            case .sqrt: body = { $0.squareRoot() }
            case .exp: body = { Glibc.exp($0) }
            case .ln, .log: body = { Glibc.log($0) }
            case .log10: body = { Glibc.log10($0) }
            case .log2: body = { Glibc.log($0) / Glibc.log(2) }  // ln(x) / ln(2), as Java code computes it
            case .sin: body = { Glibc.sin($0) }
            case .cos: body = { Glibc.cos($0) }
            case .tan: body = { Glibc.tan($0) }
            case .cot: body = { 1 / Glibc.tan($0) }
            case .asin: body = { Glibc.asin($0) }
            case .acos: body = { Glibc.acos($0) }
            case .atan: body = { Glibc.atan($0) }
            case .sinh: body = { Glibc.sinh($0) }
            case .cosh: body = { Glibc.cosh($0) }
            case .tanh: body = { Glibc.tanh($0) }
            case .degrees: body = { $0 * (180 / Double.pi) }
            default: body = { $0 / 180 * Double.pi }  // radians, as Java's Math.toRadians
            }
            return map(x, body)
        }
    }

    // MARK: - Functions in their argument's type

    /// ABS ... TRUNCATE: integers computed in 64 bits and cast back to their type (a result that
    /// does not fit is an error), floating-point numbers in binary64 (exact for these functions)
    /// and cast back.
    private static func sameType(_ function: BuiltInFunction, _ args: [Column], type: DataType,
                                 text: String) throws(SpateError) -> Column {
        let places = args.count > 1 ? try ExpressionEvaluator.cast(args[1], to: .int64, text: text) as? PrimitiveColumn<Int64> : nil
        if NumericRank(type)?.isExact == true {
            guard let x = try ExpressionEvaluator.cast(args[0], to: .int64, text: text) as? PrimitiveColumn<Int64> else {
                throw .invalid("\(text): expected integers")
            }
            let result = PrimitiveColumn<Int64>(type: .int64, capacity: x.count)
            for row in 0..<x.count {
                if x.isNull(row) || places?.isNull(row) == true { result.appendNull(); continue }
                let value = x.values[row]
                switch function {
                case .abs:
                    guard value != .min else { throw SpateError(.typeMismatch, "\(text): \(value) has no absolute value in BIGINT") }
                    result.append(Swift.abs(value))
                case .sign: result.append(value.signum())
                case .floor, .ceil: result.append(value)
                default:
                    let digits = places?.values[row] ?? 0
                    guard let rounded = roundInteger(value, places: digits, halfUp: function == .round) else {
                        throw SpateError(.typeMismatch, "\(text): the result of rounding \(value) does not fit BIGINT")
                    }
                    result.append(rounded)
                }
            }
            return try ExpressionEvaluator.cast(result, to: type, text: text)
        }
        let x = try doubles(args[0], text: text)
        let result = PrimitiveColumn<Double>(type: .float64, capacity: x.count)
        for row in 0..<x.count {
            if x.isNull(row) || places?.isNull(row) == true { result.appendNull(); continue }
            let value = x.values[row]
            switch function {
            case .abs: result.append(Swift.abs(value))
            case .sign: result.append(value.isNaN || value == 0 ? value : (value < 0 ? -1 : 1))  // Java's signum
            case .floor: result.append(value.rounded(.down))
            case .ceil: result.append(value.rounded(.up))
            default:
                result.append(DecimalRounding.round(value, places: places?.values[row] ?? 0,
                                                    rule: function == .round ? .halfUp : .down))
            }
        }
        return try ExpressionEvaluator.cast(result, to: type, text: text)
    }

    /// `value` rounded (half up, or toward zero) to `places` decimal places; places >= 0 keep an
    /// integer as it is. nil if the result does not fit 64 bits.
    static func roundInteger(_ value: Int64, places: Int64, halfUp: Bool) -> Int64? {
        guard places < 0 else { return value }
        guard places > -19 else { return halfUp && Swift.abs(value) >= 5_000_000_000_000_000_000 ? nil : 0 }
        var unit: Int64 = 1
        for _ in 0..<(-places) { unit *= 10 }
        let remainder = value % unit
        let truncated = value - remainder
        guard halfUp, Swift.abs(remainder) * 2 >= unit else { return truncated }
        let (rounded, overflow) = truncated.addingReportingOverflow(value < 0 ? -unit : unit)
        return overflow ? nil : rounded
    }

    // MARK: - DOUBLE kernels

    private static func doubles(_ column: Column, text: String) throws(SpateError) -> PrimitiveColumn<Double> {
        guard let values = try ExpressionEvaluator.cast(column, to: .float64, text: text) as? PrimitiveColumn<Double> else {
            throw .invalid("\(text): expected numbers")
        }
        return values
    }

    /// `body` of each value; NULL stays NULL.
    private static func map(_ x: PrimitiveColumn<Double>, _ body: (Double) -> Double) -> Column {
        let result = PrimitiveColumn<Double>(type: .float64, capacity: x.count)
        let out = result.values.extend(by: x.count)
        for row in 0..<x.count { out[row] = body(x.values[row]) }
        result.count = x.count
        result.validity = x.validity
        return result
    }

    /// `body` of each pair of values; NULL where either is.
    private static func zip(_ x: PrimitiveColumn<Double>, _ y: PrimitiveColumn<Double>,
                            _ body: (Double, Double) -> Double) -> Column {
        let result = PrimitiveColumn<Double>(type: .float64, capacity: x.count)
        let out = result.values.extend(by: x.count)
        for row in 0..<x.count { out[row] = body(x.values[row], y.values[row]) }
        result.count = x.count
        result.validity = Numeric.validity(x, y)
        return result
    }
}

/// Decimal rounding of binary64 values as Flink does it: on the value's shortest decimal form (Java's
/// `BigDecimal.valueOf(double)`), so ROUND(1.005, 2) is 1.01 where binary arithmetic gives 1.0.
enum DecimalRounding {
    enum Rule { case halfUp, down }

    static func round(_ value: Double, places: Int64, rule: Rule) -> Double {
        // NaN and infinities have no decimal form (Flink fails the job on them): they stay as they are.
        guard value.isFinite, value != 0 else { return value }
        // The shortest digits and the decimal exponent: value = 0.d1d2d3... x 10^point.
        var digits: [UInt8] = []
        var point = 0
        var exponent = 0
        var seenPoint = false
        var text = Swift.abs(value).description
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: ".") { seenPoint = true }
                else if byte == UInt8(ascii: "e") {
                    exponent = Int(String(decoding: bytes[(index + 1)...], as: UTF8.self)) ?? 0
                    break
                } else {
                    digits.append(byte - UInt8(ascii: "0"))
                    if !seenPoint { point += 1 }
                }
                index += 1
            }
        }
        point += exponent
        while digits.first == 0 { digits.removeFirst(); point -= 1 }
        // Keep the digits before 10^-places (a binary64 has no digits beyond 10^±400).
        let keep = point + Int(max(-400, min(400, places)))
        guard keep < digits.count else { return value }  // nothing to drop
        var kept = keep > 0 ? Array(digits[..<keep]) : []
        let roundUp = rule == .halfUp && keep >= 0 && digits[keep] >= 5
        if roundUp {
            var index = kept.count - 1
            while index >= 0 && kept[index] == 9 { kept[index] = 0; index -= 1 }
            if index >= 0 { kept[index] += 1 } else { kept.insert(1, at: 0); point += 1 }
        }
        guard !kept.isEmpty else { return 0 }  // a decimal zero has no sign
        let mantissa = kept.map { String($0) }.joined()
        let scale = point - kept.count  // value = mantissa x 10^scale
        let rounded = Double("\(mantissa)e\(scale)") ?? 0
        return value < 0 ? -rounded : rounded
    }
}
