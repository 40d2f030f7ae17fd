import Testing
@testable import SpateCore

@Suite struct PrintFormatTests {
    @Test(arguments: [
        (0.1, "0.1"), (1.0, "1.0"), (100.0, "100.0"), (1e7, "1.0E7"), (1.5e10, "1.5E10"), (0.001, "0.001"),
        (0.0001, "1.0E-4"), (-2.5, "-2.5"), (123456.789, "123456.789"), (0.0, "0.0"), (-0.0, "-0.0"),
        (Double.nan, "NaN"), (-Double.infinity, "-Infinity"), (5e-324, "4.9E-324"), (3e10, "3.0E10"),
    ])
    func doublesPrintAsJava(value: Double, expected: String) {
        #expect(JavaNumberFormat.double(value) == expected)
    }

    @Test func floatsPrintTheirShortestForm() {
        #expect(JavaNumberFormat.float(0.1) == "0.1")
        #expect(JavaNumberFormat.float(110.1) == "110.1")
        #expect(JavaNumberFormat.float(Float.leastNonzeroMagnitude) == "1.4E-45")
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

    /// Observed on PyFlink 2.3: ROW fields are formatted in Python (str of each field, repr inside
    /// nested values), TUPLE fields in Java.
    @Test func rowFieldsPrintAsPythonAndTupleFieldsAsJava() throws {
        let row = StructColumn(type: try DataType(parsing: "row<a:bool,b:f32,c:row<f0:i64>,d:tuple<str,i64>,e:f64>"))
        try row.fields[0].appendBool(true)
        try row.fields[1].appendFloat(0.1)
        let inner = row.fields[2] as! StructColumn
        try inner.fields[0].appendInt(1)
        try inner.appendStruct()
        let pair = row.fields[3] as! StructColumn
        try pair.fields[0].appendText("a")
        try pair.fields[1].appendInt(2)
        try pair.appendStruct()
        try row.fields[4].appendFloat(1e10)
        try row.appendStruct()
        var format = PrintFormat()
        #expect(try format.line(row, row: 0) == "+I[True,0.10000000149011612,Row(f0=1),('a', 2),10000000000.0]")

        let tuple = StructColumn(type: .tuple([.bool, .float32, .float64]))
        try tuple.fields[0].appendBool(true)
        try tuple.fields[1].appendFloat(0.1)
        try tuple.fields[2].appendFloat(1.23456789e8)
        try tuple.appendStruct()
        #expect(try format.line(tuple, row: 0) == "(true,0.1,1.23456789E8)")
    }

    @Test(arguments: [(1e16, "1e+16"), (1e15, "1000000000000000.0"), (0.0001, "0.0001"), (0.00001, "1e-05"),
                      (-2.5, "-2.5"), (1.5e-300, "1.5e-300"), (Double.nan, "nan"), (-Double.infinity, "-inf")])
    func pythonFloatRepr(value: Double, expected: String) {
        #expect(PythonFormat.float(value) == expected)
    }

    @Test func pythonStringRepr() {
        #expect(PythonFormat.string("a") == "'a'")
        #expect(PythonFormat.string("it's") == "\"it's\"")
        #expect(PythonFormat.string("a\nb\\") == "'a\\nb\\\\'")
    }

    // Each expected text is Python 3.11's repr() of the same string.
    @Test(arguments: [
        ("a\u{a0}b", "'a\\xa0b'"), ("c\u{2028}d", "'c\\u2028d'"), ("\u{85}\u{e000}", "'\\x85\\ue000'"),
        ("\u{1f600}\u{200b}", "'\u{1f600}\\u200b'"), ("\u{e0001}\u{378}\u{3000}", "'\\U000e0001\\u0378\\u3000'"),
        ("\u{2029}\u{ad}\u{7f}", "'\\u2029\\xad\\x7f'"), ("q'\"", "'q\\'\"'"), ("\u{d7ff}\u{10ffff}", "'\\ud7ff\\U0010ffff'"),
        ("é ü", "'é ü'"),
    ])
    func pythonStringReprEscapesWhatIsNotPrintable(text: String, expected: String) {
        #expect(PythonFormat.string(text) == expected)
    }
}
