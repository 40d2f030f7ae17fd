/// The element types a `PrimitiveColumn` can hold, with their conversion rules.
public protocol PrimitiveElement: BitwiseCopyable, Comparable, Sendable {
    static var zero: Self { get }
    /// The value, or nil when `value` does not fit (no wrap-around, no silent truncation).
    static func exactly(_ value: Int64) -> Self?
    /// The value from a double (floats round to the nearest representable value).
    static func fromDouble(_ value: Double) -> Self?
    var asInt64: Int64? { get }
    var asDouble: Double { get }
    /// The sum, or nil when an integer sum overflows (floats never do).
    static func checkedAdd(_ lhs: Self, _ rhs: Self) -> Self?
    /// The difference, or nil when an integer difference overflows.
    static func checkedSubtract(_ lhs: Self, _ rhs: Self) -> Self?
}

extension PrimitiveElement where Self: FixedWidthInteger {
    public static var zero: Self { 0 }
    public static func exactly(_ value: Int64) -> Self? { Self(exactly: value) }
    public static func fromDouble(_ value: Double) -> Self? { nil }
    public var asInt64: Int64? { Int64(self) }
    public var asDouble: Double { Double(self) }
    public static func checkedAdd(_ lhs: Self, _ rhs: Self) -> Self? {
        let (sum, overflow) = lhs.addingReportingOverflow(rhs)
        return overflow ? nil : sum
    }
    public static func checkedSubtract(_ lhs: Self, _ rhs: Self) -> Self? {
        let (difference, overflow) = lhs.subtractingReportingOverflow(rhs)
        return overflow ? nil : difference
    }
}

extension Int8: PrimitiveElement {}
extension Int16: PrimitiveElement {}
extension Int32: PrimitiveElement {}
extension Int64: PrimitiveElement {}
extension Int128: PrimitiveElement {}

extension Float: PrimitiveElement {
    public static var zero: Float { 0 }
    public static func exactly(_ value: Int64) -> Float? { Float(value) }
    public static func fromDouble(_ value: Double) -> Float? { Float(value) }
    public var asInt64: Int64? { nil }
    public var asDouble: Double { Double(self) }
    public static func checkedAdd(_ lhs: Float, _ rhs: Float) -> Float? { lhs + rhs }
    public static func checkedSubtract(_ lhs: Float, _ rhs: Float) -> Float? { lhs - rhs }
}

extension Double: PrimitiveElement {
    public static var zero: Double { 0 }
    public static func exactly(_ value: Int64) -> Double? { Double(value) }
    public static func fromDouble(_ value: Double) -> Double? { value }
    public var asInt64: Int64? { nil }
    public var asDouble: Double { self }
    public static func checkedAdd(_ lhs: Double, _ rhs: Double) -> Double? { lhs + rhs }
    public static func checkedSubtract(_ lhs: Double, _ rhs: Double) -> Double? { lhs - rhs }
}

/// A column of fixed-width numbers. Null slots hold zero.
public final class PrimitiveColumn<Element: PrimitiveElement>: Column {
    public var values: Buffer<Element>

    public init(type: DataType, capacity: Int = 0) {
        values = Buffer(capacity: capacity)
        super.init(type: type)
    }

    deinit { values.free() }

    @inline(__always)
    public func append(_ value: Element) {
        values.append(value)
        noteAppended(valid: true)
    }

    @inline(__always)
    public subscript(row: Int) -> Element { values[row] }

    /// Grows the column by `n` valid values that the caller writes at the returned address before
    /// the column is read: a bulk append without a call per value.
    public func extendValues(by n: Int) -> UnsafeMutablePointer<Element> {
        let out = values.extend(by: n)
        noteAppended(validCount: n)
        return out
    }

    public override func appendNull() {
        values.append(.zero)
        noteAppended(valid: false)
    }

    @_specialize(where Element == Int64)
    @_specialize(where Element == Int32)
    @_specialize(where Element == Double)
    public override func appendInt(_ value: Int64) throws(SpateError) {
        guard let converted = Element.exactly(value) else {
            throw SpateError(.typeMismatch, "integer \(value) is out of range for \(type.flinkName)")
        }
        append(converted)
    }

    @_specialize(where Element == Int64)
    @_specialize(where Element == Int32)
    @_specialize(where Element == Double)
    public override func appendInts(_ input: UnsafeBufferPointer<Int64>) throws(SpateError) {
        let start = values.count
        let out = values.extend(by: input.count)
        for (index, value) in input.enumerated() {
            guard let converted = Element.exactly(value) else {
                values.truncate(to: start)
                throw SpateError(.typeMismatch, "integer \(value) is out of range for \(type.flinkName)")
            }
            out[index] = converted
        }
        noteAppended(validCount: input.count)
    }

    @_specialize(where Element == Double)
    @_specialize(where Element == Float)
    public override func appendFloats(_ input: UnsafeBufferPointer<Double>) throws(SpateError) {
        let start = values.count
        let out = values.extend(by: input.count)
        for (index, value) in input.enumerated() {
            guard let converted = Element.fromDouble(value) else {
                values.truncate(to: start)
                throw mismatch("a float")
            }
            out[index] = converted
        }
        noteAppended(validCount: input.count)
    }

    @_specialize(where Element == Int64)
    @_specialize(where Element == Int32)
    @_specialize(where Element == Double)
    public override func appendFloat(_ value: Double) throws(SpateError) {
        guard let converted = Element.fromDouble(value) else { throw mismatch("a float") }
        append(converted)
    }

    @_specialize(where Element == Int64)
    @_specialize(where Element == Int32)
    @_specialize(where Element == Double)
    public override func append(from other: Column, row: Int) {
        let source = unsafeDowncast(other, to: PrimitiveColumn<Element>.self)
        if source.isNull(row) { appendNull() } else { append(source.values[row]) }
    }

    public override func appendInt128(_ value: Int128) throws(SpateError) {
        guard let converted = value as? Element else { throw mismatch("a 128-bit integer") }
        if case .decimal(let precision, let scale) = type.base {
            var limit: UInt128 = 1
            for _ in 0..<precision { limit *= 10 }
            guard value.magnitude < limit else {
                throw SpateError(.typeMismatch, "\(DecimalText.decimal(value, scale: scale)) has more than \(precision) digits for \(type.flinkName)")
            }
        }
        append(converted)
    }

    @_specialize(where Element == Int64)
    @_specialize(where Element == Int32)
    @_specialize(where Element == Double)
    public override func gather(_ indices: UnsafeBufferPointer<Int32>, move: Bool) -> Column {
        let result = PrimitiveColumn<Element>(type: type, capacity: indices.count)
        let out = result.values.extend(by: indices.count)
        for (position, index) in indices.enumerated() { out[position] = values[Int(index)] }
        result.count = indices.count
        result.validity = gatherValidity(indices)
        return result
    }
}

/// A column of booleans, bit-packed as Arrow's.
public final class BoolColumn: Column {
    public var bits = Bitmap()

    public init(type: DataType = .bool, capacity: Int = 0) {
        bits.reserveCapacity(capacity)
        super.init(type: type)
    }

    public subscript(row: Int) -> Bool { bits[row] }

    public func append(_ value: Bool) {
        bits.append(value)
        noteAppended(valid: true)
    }

    public override func appendNull() {
        bits.append(false)
        noteAppended(valid: false)
    }

    public override func appendBool(_ value: Bool) throws(SpateError) { append(value) }

    public override func append(from other: Column, row: Int) {
        let source = unsafeDowncast(other, to: BoolColumn.self)
        if source.isNull(row) { appendNull() } else { append(source.bits[row]) }
    }

    public override func gather(_ indices: UnsafeBufferPointer<Int32>, move: Bool) -> Column {
        let result = BoolColumn(type: type, capacity: indices.count)
        for index in indices { result.bits.append(bits[Int(index)]) }
        result.count = indices.count
        result.validity = gatherValidity(indices)
        return result
    }
}
