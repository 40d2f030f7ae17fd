/// Casts from a numeric type to a wider one (`INT` to `BIGINT`, `BIGINT` to `DOUBLE`), which always
/// succeed: a typed loop over the buffers with the validity kept, not a conversion per value. The
/// common case of arithmetic on mixed types (`x * 2` with a BIGINT x and an INT literal).
extension Numeric {
    /// `column` as the wider numeric `type`, or nil when that is not a widening (the caller then
    /// converts value by value, checking each).
    static func widened(_ column: Column, to type: DataType) -> Column? {
        guard let from = NumericRank(column.type), let to = NumericRank(type), from < to else { return nil }
        switch column {
        case let c as PrimitiveColumn<Int8>: return widenedValues(c, to: type)
        case let c as PrimitiveColumn<Int16>: return widenedValues(c, to: type)
        case let c as PrimitiveColumn<Int32>: return widenedValues(c, to: type)
        case let c as PrimitiveColumn<Int64>: return widenedValues(c, to: type)
        case let c as PrimitiveColumn<Float>: return widenedValues(c, to: type)
        default: return nil
        }
    }

    private static func widenedValues<Source: PrimitiveElement>(_ column: PrimitiveColumn<Source>, to type: DataType) -> Column? {
        switch type.base {
        case .int16: return converted(column, type) { Int16(truncatingIfNeeded: $0.asInt64 ?? 0) }
        case .int32: return converted(column, type) { Int32(truncatingIfNeeded: $0.asInt64 ?? 0) }
        case .int64: return converted(column, type) { $0.asInt64 ?? 0 }
        case .float32: return converted(column, type) { Float($0.asDouble) }
        case .float64: return converted(column, type) { $0.asDouble }
        default: return nil
        }
    }

    @inline(__always)
    private static func converted<Source: PrimitiveElement, Target: PrimitiveElement>(
        _ column: PrimitiveColumn<Source>, _ type: DataType, _ convert: (Source) -> Target) -> Column {
        let rows = column.count
        let result = PrimitiveColumn<Target>(type: type.base, capacity: rows)
        let out = result.values.extend(by: rows)
        let input = column.values
        for row in 0..<rows { out[row] = convert(input[row]) }
        result.count = rows
        result.validity = column.validity
        return result
    }

    /// A column of `rows` copies of a number of a numeric `type` (nil: not a number of such a type,
    /// or one that does not fit it), filled at once.
    static func repeated(_ value: JSONValue, type: DataType, rows: Int) -> Column? {
        func filled<T: PrimitiveElement>(_ element: T?) -> Column? {
            guard let element else { return nil }
            let column = PrimitiveColumn<T>(type: type.base, capacity: rows)
            column.extendValues(by: rows).initialize(repeating: element, count: rows)
            return column
        }
        switch (value, type.base) {
        case (.integer(let n), .int8): return filled(Int8(exactly: n))
        case (.integer(let n), .int16): return filled(Int16(exactly: n))
        case (.integer(let n), .int32): return filled(Int32(exactly: n))
        case (.integer(let n), .int64): return filled(n)
        case (.integer(let n), .float32): return filled(Float(n))
        case (.integer(let n), .float64): return filled(Double(n))
        case (.double(let x), .float32): return filled(Float(x))
        case (.double(let x), .float64): return filled(x)
        default: return nil
        }
    }
}

extension Numeric {
    /// `decide(order)` of two numeric columns of one type, row by row over their buffers (NULL where
    /// either is); nil for columns of another kind.
    static func compared(_ a: Column, _ b: Column, _ decide: (Int) -> Bool) -> Column? {
        switch (a, b) {
        case let (x as PrimitiveColumn<Int64>, y as PrimitiveColumn<Int64>): return comparedValues(x, y, decide)
        case let (x as PrimitiveColumn<Int32>, y as PrimitiveColumn<Int32>): return comparedValues(x, y, decide)
        case let (x as PrimitiveColumn<Int16>, y as PrimitiveColumn<Int16>): return comparedValues(x, y, decide)
        case let (x as PrimitiveColumn<Int8>, y as PrimitiveColumn<Int8>): return comparedValues(x, y, decide)
        case let (x as PrimitiveColumn<Double>, y as PrimitiveColumn<Double>): return comparedValues(x, y, decide)
        case let (x as PrimitiveColumn<Float>, y as PrimitiveColumn<Float>): return comparedValues(x, y, decide)
        default: return nil
        }
    }

    private static func comparedValues<T: PrimitiveElement>(_ a: PrimitiveColumn<T>, _ b: PrimitiveColumn<T>,
                                                      _ decide: (Int) -> Bool) -> Column {
        // The three outcomes decided once, so the loop only compares.
        let less = decide(-1), equal = decide(0), greater = decide(1)
        let rows = a.count
        let result = BoolColumn(capacity: rows)
        let x = a.values, y = b.values
        let valid = validity(a, b)
        for row in 0..<rows {
            if let valid, !valid[row] { result.appendNull(); continue }
            result.append(x[row] < y[row] ? less : (x[row] == y[row] ? equal : greater))
        }
        return result
    }
}

extension Numeric {
    /// `column` of integers as a narrower integer `type` when every value fits (a remainder of a
    /// BIGINT by an INT, say, which always fits its divisor's type); nil otherwise, and the caller
    /// converts value by value, saying which does not fit.
    static func narrowed(_ column: Column, to type: DataType) -> Column? {
        guard let from = NumericRank(column.type), let to = NumericRank(type), from.isExact, to.isExact, to < from else { return nil }
        switch column {
        case let c as PrimitiveColumn<Int64>: return narrowedValues(c, to: type)
        case let c as PrimitiveColumn<Int32>: return narrowedValues(c, to: type)
        case let c as PrimitiveColumn<Int16>: return narrowedValues(c, to: type)
        default: return nil
        }
    }

    private static func narrowedValues<Source: PrimitiveElement & FixedWidthInteger>(_ column: PrimitiveColumn<Source>,
                                                                                     to type: DataType) -> Column? {
        switch type.base {
        case .int8: return exactly(column, type, as: Int8.self)
        case .int16: return exactly(column, type, as: Int16.self)
        case .int32: return exactly(column, type, as: Int32.self)
        default: return nil
        }
    }

    private static func exactly<Source: FixedWidthInteger & PrimitiveElement, Target: FixedWidthInteger & PrimitiveElement>(
        _ column: PrimitiveColumn<Source>, _ type: DataType, as _: Target.Type) -> Column? {
        let rows = column.count
        let result = PrimitiveColumn<Target>(type: type.base, capacity: rows)
        let out = result.values.extend(by: rows)
        let input = column.values
        var fits = true
        for row in 0..<rows {
            let value = input[row]
            if value < Source(Target.min) || value > Source(Target.max) { fits = false }
            out[row] = Target(truncatingIfNeeded: value)
        }
        guard fits else { return nil }
        result.count = rows
        result.validity = column.validity
        return result
    }
}
