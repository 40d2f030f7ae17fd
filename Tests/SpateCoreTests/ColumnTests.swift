import Testing
@testable import SpateCore

@Suite struct ColumnTests {
    @Test func bufferGrowFillsOnlyTheNewElements() {
        var buffer = Buffer<UInt64>()
        defer { buffer.free() }
        buffer.append(7)
        buffer.grow(to: 40, filling: 0)
        buffer.grow(to: 3, filling: 9)  // already longer: unchanged
        #expect(buffer.count == 40)
        #expect(buffer[0] == 7)
        #expect(buffer.elements.dropFirst().allSatisfy { $0 == 0 })
    }

    @Test func narrowIntegersRejectOutOfRangeValues() throws {
        let column = Column.make(.int32)
        try column.appendInt(Int64(Int32.max))
        #expect(throws: SpateError.self) { try column.appendInt(Int64(Int32.max) + 1) }
        #expect(column.count == 1)
    }

    @Test func bulkAppendsCheckEveryValueAndKeepNothingOnFailure() throws {
        let column = Column.make(.int16) as! PrimitiveColumn<Int16>
        try [Int64(1), 2, 3].withUnsafeBufferPointer { values throws(SpateError) in try column.appendInts(values) }
        #expect(column.count == 3 && column[2] == 3)
        #expect(throws: SpateError.self) {
            try [Int64(4), 40_000].withUnsafeBufferPointer { values throws(SpateError) in try column.appendInts(values) }
        }
        #expect(column.count == 3)
        column.appendNull()
        let floats = Column.make(.float32) as! PrimitiveColumn<Float>
        floats.appendNull()
        try [0.1, 2.5].withUnsafeBufferPointer { values throws(SpateError) in try floats.appendFloats(values) }
        #expect(floats.count == 3 && floats.isNull(0) && !floats.isNull(2) && floats[1] == Float(0.1))
    }

    @Test func validityIsTrackedOnlyOnceANullAppears() throws {
        let column = PrimitiveColumn<Int64>(type: .int64)
        column.append(1)
        #expect(column.validity == nil)
        column.appendNull()
        column.append(3)
        #expect(column.nullCount == 1)
        #expect(column.isNull(1) && !column.isNull(0) && !column.isNull(2))
    }

    @Test func gatherKeepsValuesAndNullsOfNestedColumns() throws {
        let column = StructColumn(type: try DataType(parsing: "row<name:str,n:i64>"))
        for (name, n) in [("a", 1), ("bb", 2), ("ccc", 3)] {
            try column.fields[0].appendText(name)
            try column.fields[1].appendInt(Int64(n))
            try column.appendStruct()
        }
        column.appendNull()
        let picked = [Int32(3), 2, 0].withUnsafeBufferPointer { column.gather($0, move: true) } as! StructColumn
        #expect(picked.count == 3)
        #expect(picked.isNull(0))
        #expect((picked.fields[0] as! StringColumn)[1] == "ccc")
        #expect((picked.fields[1] as! PrimitiveColumn<Int64>)[2] == 1)
    }

    @Test func structRowsNeedEveryField() throws {
        let column = StructColumn(type: .tuple([.int64, .int64]))
        try column.fields[0].appendInt(1)
        #expect(throws: SpateError.self) { try column.appendStruct() }
    }
}

extension Column {
    /// Appends a Swift string (test helper).
    func appendText(_ text: String) throws {
        let bytes = Array(text.utf8)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: 1)
        defer { buffer.deallocate() }
        buffer.copyBytes(from: bytes)
        try appendString(UnsafeRawBufferPointer(rebasing: buffer[0..<bytes.count]))
    }
}
