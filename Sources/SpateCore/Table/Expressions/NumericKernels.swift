/// Arithmetic over numeric columns of one type (the binder's common type), column at a time.
/// Integer results that do not fit their type, and division by zero, are errors naming the
/// expression: Flink wraps the first around and fails the second without saying where.
enum Numeric {
    enum Value {
        case exact(Int64)
        case approximate(Double)
    }

    /// Row `row` of a numeric column, or nil for a column that is not numeric.
    static func value(_ column: Column, _ row: Int) -> Value? {
        switch column {
        case let c as PrimitiveColumn<Int8>: .exact(Int64(c.values[row]))
        case let c as PrimitiveColumn<Int16>: .exact(Int64(c.values[row]))
        case let c as PrimitiveColumn<Int32>: .exact(Int64(c.values[row]))
        case let c as PrimitiveColumn<Int64>: .exact(c.values[row])
        case let c as PrimitiveColumn<Float>: .approximate(Double(c.values[row]))
        case let c as PrimitiveColumn<Double>: .approximate(c.values[row])
        default: nil
        }
    }

    static func describe(_ column: Column, _ row: Int) -> String {
        switch value(column, row) {
        case .exact(let number): "\(number)"
        case .approximate(let number): "\(number)"
        case nil: "the value"
        }
    }

    /// -1, 0 or 1 for two columns of one numeric type at `row`.
    static func order(_ a: Column, _ b: Column, _ row: Int) -> Int {
        switch (value(a, row), value(b, row)) {
        case (.exact(let x)?, .exact(let y)?): x < y ? -1 : (x > y ? 1 : 0)
        case (.approximate(let x)?, .approximate(let y)?): x < y ? -1 : (x > y ? 1 : 0)
        default: 0
        }
    }

    static func binary(_ function: BuiltInFunction, _ a: Column, _ b: Column, rank: NumericRank,
                       text: String) throws(SpateError) -> Column {
        switch rank {
        case .tinyint: try integers(function, try typed(a, Int8.self), try typed(b, Int8.self), text: text)
        case .smallint: try integers(function, try typed(a, Int16.self), try typed(b, Int16.self), text: text)
        case .int: try integers(function, try typed(a, Int32.self), try typed(b, Int32.self), text: text)
        case .bigint: try integers(function, try typed(a, Int64.self), try typed(b, Int64.self), text: text)
        case .float: try floats(function, try typed(a, Float.self), try typed(b, Float.self), text: text)
        case .double: try floats(function, try typed(a, Double.self), try typed(b, Double.self), text: text)
        }
    }

    /// `column` as the numeric column it is (the caller cast it to the common type).
    private static func typed<T: PrimitiveElement>(_ column: Column, _: T.Type) throws(SpateError) -> PrimitiveColumn<T> {
        guard let numbers = column as? PrimitiveColumn<T> else {
            throw SpateError(.runtime, "expected a column of \(T.self), got \(column.type.sqlName)")
        }
        return numbers
    }

    static func negate(_ column: Column, rank: NumericRank, text: String) throws(SpateError) -> Column {
        let zero = Column.make(rank.type, capacity: column.count)
        for _ in 0..<column.count { rank.isExact ? try zero.appendInt(0) : try zero.appendFloat(0) }
        do {
            return try binary(.minus, zero, column, rank: rank, text: text)
        } catch where error.kind == .typeMismatch {
            // Only the smallest integer has no negative: say so as the user wrote it.
            throw SpateError(.typeMismatch, "\(text): -(\(bounds(rank).min)) does not fit \(rank.type.sqlName)")
        }
    }

    static func bounds(_ rank: NumericRank) -> (min: Int64, max: Int64) {
        switch rank {
        case .tinyint: (Int64(Int8.min), Int64(Int8.max))
        case .smallint: (Int64(Int16.min), Int64(Int16.max))
        case .int: (Int64(Int32.min), Int64(Int32.max))
        default: (Int64.min, Int64.max)
        }
    }

    /// The validity of a result: valid where both inputs are (nil: every row valid).
    static func validity(_ a: Column, _ b: Column) -> Bitmap? {
        switch (a.validity, b.validity) {
        case (nil, nil): return nil
        case (let only?, nil), (nil, let only?): return only
        case (let x?, let y?):
            var both = Bitmap(repeating: true, count: x.count)
            for row in 0..<x.count where !(x[row] && y[row]) { both[row] = false }
            return both
        }
    }

    /// `body` over the rows both columns hold a value in; the others are NULL (and hold zero).
    @inline(__always)
    private static func elementwise<T: PrimitiveElement>(
        _ a: PrimitiveColumn<T>, _ b: PrimitiveColumn<T>, _ body: (T, T) throws(SpateError) -> T) throws(SpateError) -> Column {
        let rows = a.count
        let result = PrimitiveColumn<T>(type: a.type.base, capacity: rows)
        let valid = validity(a, b)
        let out = result.values.extend(by: rows)
        let x = a.values, y = b.values
        for row in 0..<rows {
            // Null slots are skipped: a NULL divisor (zero in its slot) must not fail the batch.
            if let valid, !valid[row] { out[row] = T.zero; continue }
            out[row] = try body(x[row], y[row])
        }
        result.count = rows
        result.validity = valid
        return result
    }

    /// Integer arithmetic as one plain loop per operation, overflow collected and reported after
    /// the loop (NULL slots hold zero, so they never overflow); division and remainder check their
    /// divisors first.
    private static func integers<T: PrimitiveElement & FixedWidthInteger>(
        _ function: BuiltInFunction, _ a: PrimitiveColumn<T>, _ b: PrimitiveColumn<T>, text: String) throws(SpateError) -> Column {
        let rows = a.count
        let valid = validity(a, b)
        let x = a.values, y = b.values
        if function == .divide || function == .mod {
            for row in 0..<rows where y[row] == 0 && (valid?[row] ?? true) {
                throw SpateError(.runtime, "\(text): division by zero (\(x[row]) \(symbol(function)) 0)")
            }
        }
        let result = PrimitiveColumn<T>(type: a.type.base, capacity: rows)
        let out = result.values.extend(by: rows)
        var overflowed = false
        func run(_ operation: (T, T) -> (partialValue: T, overflow: Bool)) {
            for row in 0..<rows {
                let (value, overflow) = operation(x[row], y[row])
                out[row] = value
                if overflow { overflowed = true }
            }
        }
        switch function {
        case .plus: run { $0.addingReportingOverflow($1) }
        case .minus: run { $0.subtractingReportingOverflow($1) }
        case .times: run { $0.multipliedReportingOverflow(by: $1) }
        default:
            // A NULL divisor's slot holds zero: its row is skipped (the result is NULL anyway).
            let divide = function == .divide
            for row in 0..<rows {
                if y[row] == 0 { out[row] = 0; continue }
                let (value, overflow) = divide ? x[row].dividedReportingOverflow(by: y[row]) : x[row].remainderReportingOverflow(dividingBy: y[row])
                out[row] = value
                if overflow { overflowed = true }
            }
        }
        result.count = rows
        result.validity = valid
        if overflowed {
            for row in 0..<rows where valid?[row] ?? true {
                let overflow: Bool
                switch function {
                case .plus: overflow = x[row].addingReportingOverflow(y[row]).overflow
                case .minus: overflow = x[row].subtractingReportingOverflow(y[row]).overflow
                case .times: overflow = x[row].multipliedReportingOverflow(by: y[row]).overflow
                case .divide: overflow = y[row] != 0 && x[row].dividedReportingOverflow(by: y[row]).overflow
                default: overflow = y[row] != 0 && x[row].remainderReportingOverflow(dividingBy: y[row]).overflow
                }
                if overflow {
                    throw SpateError(.typeMismatch, "\(text): the result of \(x[row]) \(symbol(function)) \(y[row]) does not fit "
                                     + "\(a.type.base.sqlName); cast an argument to a wider type")
                }
            }
        }
        return result
    }

    private static func floats<T: PrimitiveElement & BinaryFloatingPoint>(
        _ function: BuiltInFunction, _ a: PrimitiveColumn<T>, _ b: PrimitiveColumn<T>, text: String) throws(SpateError) -> Column {
        try elementwise(a, b) { (x, y) throws(SpateError) -> T in
            switch function {
            case .plus: return x + y
            case .minus: return x - y
            case .times: return x * y
            default:
                guard y != 0 else { throw SpateError(.runtime, "\(text): division by zero (\(x) \(symbol(function)) 0)") }
                return function == .divide ? x / y : x.truncatingRemainder(dividingBy: y)
            }
        }
    }

    private static func symbol(_ function: BuiltInFunction) -> String {
        switch function {
        case .plus: "+"
        case .minus: "-"
        case .times: "*"
        case .divide: "/"
        default: "%"
        }
    }
}
