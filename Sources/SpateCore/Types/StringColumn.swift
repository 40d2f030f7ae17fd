/// A column of variable-length values in Arrow's large-utf8/large-binary layout (64-bit offsets into
/// one byte buffer): strings, characters, byte strings, and big integers and decimals in their
/// byte or text form.
public final class StringColumn: Column {
    public var offsets = Buffer<Int64>()
    public var bytes = Buffer<UInt8>()

    public init(type: DataType = .string, capacity: Int = 0) {
        offsets.reserve(capacity + 1)
        offsets.append(0)
        super.init(type: type)
    }

    deinit {
        offsets.free()
        bytes.free()
    }

    /// The bytes of value `row`.
    @inline(__always)
    public func utf8(_ row: Int) -> UnsafeBufferPointer<UInt8> {
        let start = Int(offsets[row])
        return UnsafeBufferPointer(start: bytes.base.map { $0 + start }, count: Int(offsets[row + 1]) - start)
    }

    public subscript(row: Int) -> String { String(decoding: utf8(row), as: UTF8.self) }

    public func append(_ value: String) {
        var value = value
        value.withUTF8 { appendValid($0) }
    }

    @inline(__always)
    func appendValid(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: utf8)
        offsets.append(Int64(bytes.count))
        noteAppended(valid: true)
    }

    /// Appends text read from outside (a file): malformed UTF-8 becomes U+FFFD, maximal subpart by
    /// maximal subpart, as Java's decoder (so Flink's text-line format) and Python's
    /// `errors="replace"` make it. ASCII, the common case, is appended without decoding.
    func appendRepairingUTF8(_ utf8: UnsafeBufferPointer<UInt8>) {
        var high: UInt8 = 0
        for byte in utf8 { high |= byte }
        if high < 0x80 { return appendValid(utf8) }
        var text = String(decoding: utf8, as: UTF8.self)
        text.withUTF8 { appendValid($0) }
    }

    public override func appendNull() {
        offsets.append(Int64(bytes.count))
        noteAppended(valid: false)
    }

    public override func appendString(_ utf8: UnsafeRawBufferPointer) throws(SpateError) {
        appendValid(utf8.bindMemory(to: UInt8.self))
    }

    public override func append(from other: Column, row: Int) {
        let source = unsafeDowncast(other, to: StringColumn.self)
        if source.isNull(row) { appendNull() } else { appendValid(source.utf8(row)) }
    }

    public override func gather(_ indices: UnsafeBufferPointer<Int32>, move: Bool) -> Column {
        let result = StringColumn(type: type, capacity: indices.count)
        for index in indices { result.appendValid(utf8(Int(index))) }
        result.validity = gatherValidity(indices)
        return result
    }
}
