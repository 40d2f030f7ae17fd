import Testing
@testable import SpateCore

@Suite struct KeyIndexTests {
    private func slots(_ index: KeyIndex, _ column: Column) throws -> [Int64] { Array(try index.slots(for: column)) }

    @Test func integerKeysKeepTheirSlotsAcrossBatchesWithAndWithoutNulls() throws {
        let index = KeyIndex()
        let first = PrimitiveColumn<Int64>(type: .int64)
        for key in [7, 8, 7] as [Int64] { first.append(key) }
        #expect(try slots(index, first) == [0, 1, 0])
        let second = PrimitiveColumn<Int64>(type: .int64)
        second.append(8)
        second.appendNull()
        second.append(9)
        second.appendNull()
        #expect(try slots(index, second) == [1, 2, 3, 2])
    }

    @Test func stringKeysAreComparedByTheirBytes() throws {
        let index = KeyIndex()
        let column = StringColumn()
        for key in ["a", "b", "a", "", "ab"] { column.append(key) }
        column.appendNull()
        #expect(try slots(index, column) == [0, 1, 0, 2, 3, 4])
        let more = StringColumn()
        more.append("ab")
        more.appendNull()
        #expect(try slots(index, more) == [3, 4])
    }

    @Test func manyKeysSurviveTableGrowth() throws {
        let index = KeyIndex()
        let integers = PrimitiveColumn<Int64>(type: .int64)
        let strings = StringColumn()
        for key in 0..<50_000 {
            integers.append(Int64(key * 7919))
            strings.append("key-\(key)")
        }
        #expect(try slots(index, integers) == (0..<50_000).map(Int64.init))
        #expect(try slots(index, integers) == (0..<50_000).map(Int64.init))
        let other = KeyIndex()
        #expect(try slots(other, strings) == (0..<50_000).map(Int64.init))
        #expect(try slots(other, strings) == (0..<50_000).map(Int64.init))
    }

    @Test func compositeKeysUseTheirEncoding() throws {
        let index = KeyIndex()
        let tuples = StructColumn(type: .tuple([.string, .int64]))
        for (text, number) in [("a", 1), ("a", 2), ("a", 1)] {
            try tuples.fields[0].appendText(text)
            try tuples.fields[1].appendInt(Int64(number))
            try tuples.appendStruct()
        }
        #expect(try slots(index, tuples) == [0, 1, 0])
    }
}
