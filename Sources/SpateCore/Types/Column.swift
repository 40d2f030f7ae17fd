/// A column of values of one `DataType`, in Arrow's layout: a validity bitmap (absent when every value
/// is valid) and typed value buffers. Columns are built by appending and are not modified once a
/// batch holding them has been emitted; operators build new columns instead.
///
/// The `append…` entry points are how hosts and sources build columns; each checks that the value
/// fits the declared type and throws `SpateError.typeMismatch` otherwise.
public class Column {
    public let type: DataType
    public internal(set) var count = 0
    /// nil when every value is valid.
    public internal(set) var validity: Bitmap?

    init(type: DataType) { self.type = type }

    @inline(__always)
    public final func isNull(_ row: Int) -> Bool {
        guard let validity else { return false }
        return !validity[row]
    }

    public final var nullCount: Int { validity.map { $0.count - $0.setCount } ?? 0 }

    /// Records the validity of the value just appended.
    @inline(__always)
    final func noteAppended(valid: Bool) {
        if validity == nil {
            if valid {
                count += 1
                return
            }
            validity = Bitmap(repeating: true, count: count)
        }
        validity!.append(valid)
        count += 1
    }

    /// Records `n` valid values appended at once.
    final func noteAppended(validCount n: Int) {
        if var bits = validity {
            validity = nil
            for _ in 0..<n { bits.append(true) }
            validity = bits
        }
        count += n
    }

    func mismatch(_ what: String) -> SpateError {
        SpateError(.typeMismatch, "cannot store \(what) in a column of type \(type)")
    }

    // MARK: Appending (overridden by the columns that accept each kind of value)

    public func appendNull() { preconditionFailure("abstract") }
    public func appendBool(_ value: Bool) throws(SpateError) { throw mismatch("a boolean") }
    public func appendInt(_ value: Int64) throws(SpateError) { throw mismatch("an integer") }
    public func appendFloat(_ value: Double) throws(SpateError) { throw mismatch("a float") }
    public func appendString(_ utf8: UnsafeRawBufferPointer) throws(SpateError) { throw mismatch("a string") }
    /// Takes ownership of one reference to `handle`.
    public func appendObject(_ handle: UInt64) throws(SpateError) { throw mismatch("an object") }
    /// Appends many integers (each checked as `appendInt` does).
    public func appendInts(_ values: UnsafeBufferPointer<Int64>) throws(SpateError) {
        for value in values { try appendInt(value) }
    }
    /// Appends many floats.
    public func appendFloats(_ values: UnsafeBufferPointer<Double>) throws(SpateError) {
        for value in values { try appendFloat(value) }
    }
    /// For tuples and rows: completes a value whose fields were appended to the children.
    public func appendStruct() throws(SpateError) { throw mismatch("a tuple or row") }
    /// For lists and maps: completes a value whose elements were appended to the child since the
    /// previous one.
    public func appendList() throws(SpateError) { throw mismatch("a list") }
    /// For decimals: the unscaled value as 128 bits.
    public func appendInt128(_ value: Int128) throws(SpateError) { throw mismatch("a 128-bit integer") }

    /// Appends value `row` of `other`, a column of the same type. Object handles are retained.
    public func append(from other: Column, row: Int) { preconditionFailure("abstract") }

    /// Appends the first `count` rows of `other` (same type); object handles are retained once for all.
    public func appendRows(from other: Column, count: Int) {
        for row in 0..<count { append(from: other, row: row) }
    }

    /// The rows at `indices`, in order. With `move` (the caller consumes this column) and strictly
    /// increasing indices, object handles move to the new column; otherwise they are retained.
    public func gather(_ indices: UnsafeBufferPointer<Int32>, move: Bool) -> Column { preconditionFailure("abstract") }

    public func gatherValidity(_ indices: UnsafeBufferPointer<Int32>) -> Bitmap? {
        guard let validity else { return nil }
        var result = Bitmap()
        result.reserveCapacity(indices.count)
        for index in indices { result.append(validity[Int(index)]) }
        return result
    }

    /// A new empty column of the same type.
    public func makeEmpty(capacity: Int = 0) -> Column { Column.make(type, capacity: capacity) }

    /// A new, empty column for values of `type`.
    public static func make(_ type: DataType, capacity: Int = 0) -> Column {
        switch type.base {
        case .bool: return BoolColumn(type: type, capacity: capacity)
        case .int8: return PrimitiveColumn<Int8>(type: type, capacity: capacity)
        case .int16: return PrimitiveColumn<Int16>(type: type, capacity: capacity)
        case .int32, .date, .intervalYearMonth: return PrimitiveColumn<Int32>(type: type, capacity: capacity)
        case .int64, .time, .timestamp, .timestampLTZ, .intervalDayTime:
            return PrimitiveColumn<Int64>(type: type, capacity: capacity)
        case .float32: return PrimitiveColumn<Float>(type: type, capacity: capacity)
        case .float64: return PrimitiveColumn<Double>(type: type, capacity: capacity)
        case .decimal: return PrimitiveColumn<Int128>(type: type, capacity: capacity)
        case .string, .char, .binary, .bigInteger, .bigDecimal: return StringColumn(type: type, capacity: capacity)
        case .object: return ObjectColumn(type: type, capacity: capacity)
        case .tuple, .row, .instant: return StructColumn(type: type, capacity: capacity)
        case .list, .map, .multiset: return ListColumn(type: type, capacity: capacity)
        case .null: return NullColumn(type: type)
        case .notNull, .nullable: return make(type.base, capacity: capacity)  // unreachable: base strips them
        }
    }
}
