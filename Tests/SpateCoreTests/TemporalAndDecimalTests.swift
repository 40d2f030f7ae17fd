import Testing
@testable import SpateCore

@Suite struct TemporalAndDecimalTests {
    @Test(arguments: [(1970, 1, 1, 0), (1969, 12, 31, -1), (2000, 3, 1, 11_017), (1, 1, 1, -719_162), (9999, 12, 31, 2_932_896)])
    func civilDaysRoundTrip(year: Int, month: Int, day: Int, days: Int) {
        #expect(CivilTime.days(year: year, month: month, day: day) == days)
        #expect(CivilTime.date(days: days) == (year, month, day))
    }

    @Test func negativeMicrosSplitIntoTheDayBefore() {
        #expect(CivilTime.split(micros: -1) == (-1, 86_399_999_999))
        #expect(CivilTime.dateText(days: -719_162) == "0001-01-01")
        #expect(CivilTime.timeText(microsOfDay: 3_723_000_500, fractionDigits: 6) == "01:02:03.0005")
    }

    @Test func bigIntegersPrintInDecimal() {
        func text(_ bytes: [UInt8]) -> String { bytes.withUnsafeBufferPointer { DecimalText.bigInteger($0) } }
        #expect(text([0x00]) == "0")
        #expect(text([0xff]) == "-1")
        #expect(text([0x00, 0xff]) == "-256")
        #expect(text([0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01]) == "18446744073709551616")
    }

    @Test func decimalsKeepTheirScale() throws {
        #expect(DecimalText.decimal(150, scale: 2) == "1.50")
        #expect(DecimalText.decimal(-5, scale: 3) == "-0.005")
        #expect(DecimalText.decimal(42, scale: 0) == "42")
        let column = Column.make(try DataType(parsing: "decimal<3,1>"))
        try column.appendInt128(999)
        #expect(throws: SpateError.self) { try column.appendInt128(1000) }
        #expect(throws: SpateError.self) { try column.appendInt128(-1000) }
    }

    @Test func listsGatherTheirElements() throws {
        let lists = Column.make(try DataType(parsing: "list<i64>")) as! ListColumn
        for values in [[1, 2], [], [3]] as [[Int64]] {
            for value in values { try lists.elements.appendInt(value) }
            try lists.appendList()
        }
        let picked = [Int32(2), 0].withUnsafeBufferPointer { lists.gather($0, move: false) } as! ListColumn
        #expect(picked.count == 2 && picked.range(0) == 0..<1 && picked.range(1) == 1..<3)
        var format = PrintFormat()
        #expect(try format.line(picked, row: 1) == "[1, 2]")
    }
}
