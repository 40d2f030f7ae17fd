import Testing
@testable import SpateCore

@Suite struct PrintFormatTests {
    @Test(arguments: [
        (0.1, "0.1"), (1.0, "1.0"), (100.0, "100.0"), (1e7, "1.0E7"), (1.5e10, "1.5E10"), (0.001, "0.001"),
        (0.0001, "1.0E-4"), (-2.5, "-2.5"), (123456.789, "123456.789"), (0.0, "0.0"), (-0.0, "-0.0"),
        (Double.nan, "NaN"), (-Double.infinity, "-Infinity"),
    ])
    func doublesPrintAsJava(value: Double, expected: String) {
        #expect(JavaNumberFormat.double(value) == expected)
    }

    @Test func floatsPrintTheirShortestForm() {
        #expect(JavaNumberFormat.float(0.1) == "0.1")
        #expect(JavaNumberFormat.float(110.1) == "110.1")
    }

    @Test func tuplesAndRowsPrintAsPyFlink() throws {
        let tuple = StructColumn(type: .tuple([.string, .int64]))
        try tuple.fields[0].appendText("hi")
        try tuple.fields[1].appendInt(5)
        try tuple.appendStruct()
        var format = PrintFormat()
        #expect(try format.line(tuple, row: 0) == "(hi,5)")

        let row = StructColumn(type: try DataType(parsing: "row<a:i64,b:str>"))
        try row.fields[0].appendInt(1)
        row.fields[1].appendNull()
        try row.appendStruct()
        #expect(try format.line(row, row: 0) == "+I[1,None]")
    }
}
