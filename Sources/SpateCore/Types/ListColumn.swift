/// A column of lists (and maps, as lists of key/value entries): Arrow's large-list layout, 64-bit
/// offsets into one child column holding every element.
public final class ListColumn: Column {
    public var offsets = Buffer<Int64>()
    public let elements: Column

    public init(type: DataType, capacity: Int = 0) {
        offsets.reserve(capacity + 1)
        offsets.append(0)
        elements = Column.make(type.listElement ?? .null)
        super.init(type: type)
    }

    init(type: DataType, offsets: Buffer<Int64>, elements: Column, count: Int, validity: Bitmap?) {
        self.offsets = offsets
        self.elements = elements
        super.init(type: type)
        self.count = count
        self.validity = validity
    }

    deinit { offsets.free() }

    /// The element rows of list `row`.
    public func range(_ row: Int) -> Range<Int> { Int(offsets[row])..<Int(offsets[row + 1]) }

    public override func appendList() throws(SpateError) {
        guard elements.count >= Int(offsets[count]) else {
            throw SpateError(.typeMismatch, "a list of \(type) ended before its elements")
        }
        offsets.append(Int64(elements.count))
        noteAppended(valid: true)
    }

    public override func appendNull() {
        offsets.append(Int64(elements.count))
        noteAppended(valid: false)
    }

    public override func append(from other: Column, row: Int) {
        let source = unsafeDowncast(other, to: ListColumn.self)
        for element in source.range(row) { elements.append(from: source.elements, row: element) }
        offsets.append(Int64(elements.count))
        noteAppended(valid: !source.isNull(row))
    }

    public override func gather(_ indices: UnsafeBufferPointer<Int32>, move: Bool) -> Column {
        var elementRows: [Int32] = []
        var newOffsets = Buffer<Int64>(capacity: indices.count + 1)
        newOffsets.append(0)
        for index in indices {
            for element in range(Int(index)) { elementRows.append(Int32(element)) }
            newOffsets.append(Int64(elementRows.count))
        }
        let gathered = elementRows.withUnsafeBufferPointer { elements.gather($0, move: move) }
        return ListColumn(type: type, offsets: newOffsets, elements: gathered, count: indices.count,
                          validity: gatherValidity(indices))
    }
}

/// A column of the NULL type: only a length.
public final class NullColumn: Column {
    public override init(type: DataType = .null) { super.init(type: type) }

    public override func appendNull() { noteAppended(valid: false) }

    public override func append(from other: Column, row: Int) { appendNull() }

    public override func gather(_ indices: UnsafeBufferPointer<Int32>, move: Bool) -> Column {
        let result = NullColumn(type: type)
        for _ in indices { result.appendNull() }
        return result
    }
}
