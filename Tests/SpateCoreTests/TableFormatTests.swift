import Testing
@testable import SpateCore

/// The filesystem connector's formats, run natively: CSV records split as Jackson splits them, fields
/// and JSON values read into columns as Flink's csv and json formats read them (PyFlink 2.3's results
/// for the same files, recorded), malformed rows named by file, line and field, and rows written
/// back as Flink writes them.
@Suite struct TableFormatTests {
    private let type = DataType.row([.init("a", .int32), .init("b", .string), .init("c", .float64)])

    /// The rows of `text` read in `chunk`-sized pieces, as the file source reads a file.
    private func read(_ text: String, _ reader: any TableRowReader, chunk: Int = 3) throws(SpateError) -> [String] {
        let rows = StructColumn(type: type)
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + chunk, bytes.count)
            bytes.withUnsafeBufferPointer { reader.append(UnsafeBufferPointer(rebasing: $0[offset..<end])) }
            _ = try reader.takeRows(into: rows, limit: .max, final: false)
            offset = end
        }
        while try reader.takeRows(into: rows, limit: .max, final: true) {}
        return (0..<rows.count).map { RowText.line($0, of: rows, kind: .insert) }
    }

    private func csv(_ text: String, ignore: Bool = false, nullLiteral: String? = nil) throws(SpateError) -> [String] {
        var options = CsvOptions()
        options.ignoreParseErrors = ignore
        options.nullLiteral = nullLiteral
        return try read(text, CsvRows(options: options, file: "in.csv"))
    }

    private func csvError(_ text: String) -> String {
        do {
            _ = try csv(text)
            return "no error"
        } catch {
            return error.message
        }
    }

    @Test func csvRecordsQuotesAndLineEnds() throws {
        #expect(try csv("1,x,1.5\r\n2,\"y,\"\"q\"\"\",2\n3,\"multi\nline\",3") ==
                ["+I[1, x, 1.5]", "+I[2, y,\"q\", 2.0]", "+I[3, multi\nline, 3.0]"])
        // Numbers are trimmed; an empty field is NULL except for a STRING, which is empty.
        #expect(try csv("1,x, 1.5\n 2 ,,\n") == ["+I[1, x, 1.5]", "+I[2, , null]"])
        #expect(try csv("1,NULL,\n2,,NULL\n", nullLiteral: "NULL") == ["+I[1, null, null]", "+I[2, , null]"])
    }

    @Test func malformedCsvRowsNameTheFileLineAndField() {
        #expect(csvError("1,x,1.5\nx,bad,1\n") == "in.csv, line 2, field 'a': cannot read 'x' as INT")
        #expect(csvError("1,x,notdouble\n") == "in.csv, line 1, field 'c': cannot read 'notdouble' as DOUBLE")
        #expect(csvError("1,x,1.5\n4,short\n") ==
                "in.csv, line 2: 2 fields where the table has 3 (Row length mismatch. 3 fields expected but was 2.)")
        #expect(csvError("1,x,1.5\n5,long,1,extra\n") ==
                "in.csv, line 2: 4 fields where the table has 3 (Too many entries: expected at most 3)")
        #expect(csvError("1,\"multi\nline\",1\n\n") ==
                "in.csv, line 3: an empty line where the table has 3 (Row length mismatch. 3 fields expected but was 1.)")
        #expect(csvError("1,\"unterminated,1\n2,y,2\n") == "in.csv, line 1: a quoted field is not closed before the end of the file")
    }

    @Test func ignoredCsvErrorsAreHandledAsFlinkHandlesThem() throws {
        // PyFlink 2.3 with ignore-parse-errors: a bad field NULL, missing fields NULL, an empty line a
        // row of NULLs, too many fields or an unclosed quote skip the row.
        #expect(try csv("1,x,1.5\nx,bad,1\n", ignore: true) == ["+I[1, x, 1.5]", "+I[null, bad, 1.0]"])
        #expect(try csv("1,x,1.5\n4,short\n", ignore: true) == ["+I[1, x, 1.5]", "+I[4, short, null]"])
        #expect(try csv("1,x,1.5\n5,long,1,extra\n", ignore: true) == ["+I[1, x, 1.5]"])
        #expect(try csv("1,x,1.5\n\n2,y,2\n", ignore: true) == ["+I[1, x, 1.5]", "+I[null, null, null]", "+I[2, y, 2.0]"])
        #expect(try csv("1,\"unterminated,1\n2,y,2\n", ignore: true) == [])
    }

    @Test func commentsAreSkippedWhenAllowed() throws {
        var options = CsvOptions()
        options.allowComments = true
        #expect(try read("# a comment\n1,x,1.5\n", CsvRows(options: options, file: "in.csv")) == ["+I[1, x, 1.5]"])
    }

    private func json(_ text: String, ignore: Bool = false, failOnMissing: Bool = false) throws(SpateError) -> [String] {
        var options = ConnectorOptions(table: "t", connector: "filesystem", options: [
            "json.ignore-parse-errors": String(ignore), "json.fail-on-missing-field": String(failOnMissing)], sink: false)
        return try read(text, JsonRows(options: try JsonOptions(options: &options), file: "in.json"), chunk: 5)
    }

    @Test func jsonValuesConvertAsFlinksFormat() throws {
        #expect(try json("{\"a\":1,\"b\":\"x\",\"c\":1.5}\n\n{\"a\":\"3\",\"b\":4,\"c\":\"2.5\",\"extra\":1}\n{\"a\":2}") ==
                ["+I[1, x, 1.5]", "+I[3, 4, 2.5]", "+I[2, null, null]"])
        #expect(try json("{\"a\":1.7,\"b\":{\"n\":1},\"c\":true}", ignore: true) == ["+I[1, {\"n\":1}, null]"])
        #expect(try json("{\"a\":\"x\"}\nnot json\n[1,2]\n", ignore: true) == ["+I[null, null, null]"])
    }

    @Test func malformedJsonNamesTheFileLineAndField() {
        func failure(_ text: String, failOnMissing: Bool = false) -> String {
            do {
                _ = try json(text, failOnMissing: failOnMissing)
                return "no error"
            } catch {
                return error.message
            }
        }
        #expect(failure("{\"a\":1}\nnot json\n") == "in.json, line 2: not valid JSON (column 1: expected a value, got 'not'): not json")
        #expect(failure("[1,2]") == "in.json, line 1: expected a JSON object, got array: [1,2]")
        #expect(failure("{\"c\":true}") == "in.json, line 1, field 'c': cannot read true as DOUBLE")
        #expect(failure("{\"a\":1}", failOnMissing: true) ==
                "in.json, line 1: field 'b' is missing (Some field is missing in the JSON data.): {\"a\":1}")
    }

    @Test func textValuesReadAsFlinksFormats() {
        func value(_ text: String, _ type: DataType) -> String {
            let column = Column.make(type)
            guard TextValues.append(Array(text.utf8)[...], to: column) else { return "unreadable" }
            var shown = ""
            RowText.append(column, row: 0, to: &shown)
            return shown
        }
        #expect(value("TRUE", .bool) == "true" && value("yes", .bool) == "false")  // Java's parseBoolean
        #expect(value("300", .int8) == "unreadable" && value("-12", .int16) == "-12")
        #expect(value("1.005", .decimal(precision: 5, scale: 2)) == "1.01")  // half up
        #expect(value("1234.5", .decimal(precision: 5, scale: 2)) == "null")  // too many digits: NULL
        #expect(value("1.5e2", .decimal(precision: 5, scale: 2)) == "150.00")
        #expect(value("2020-02-30", .date) == "unreadable" && value("2020-02-29", .date) == "2020-02-29")
        #expect(value("2020-01-02 03:04:05.123", .timestamp(precision: 3)) == "2020-01-02T03:04:05.123")
        #expect(value("2020-01-02T03:04:05", .timestamp(precision: 3)) == "unreadable")
        #expect(value("10:00:01.5", .time(precision: 3)) == "10:00:01.500")
    }

    @Test func rowsAreWrittenAsFlinkWritesThem() {
        let rows = StructColumn(type: .row([.init("a", .int64), .init("s", .string), .init("d", .float64),
                                            .init("m", .decimal(precision: 10, scale: 2)), .init("t", .timestamp(precision: 3))]))
        let values: [(Int64, String?, Double, Int128, Int64)] = [(1, "hello", 1.5, 150, 1_577_934_245_123_000),
                                                                 (2, "wo,rld \"q\"", 1e10, 10000, 1_577_934_240_000_000),
                                                                 (3, nil, -0.0, 0, 0)]
        for (a, s, d, m, t) in values {
            try? rows.fields[0].appendInt(a)
            if let s { (rows.fields[1] as! StringColumn).append(s) } else { rows.fields[1].appendNull() }
            try? rows.fields[2].appendFloat(d)
            try? rows.fields[3].appendInt128(m)
            try? rows.fields[4].appendInt(t)
            try? rows.appendStruct()
        }
        let csv = CsvEncoder(options: CsvOptions())
        #expect((0..<3).map { csv.line($0, of: rows) } == [
            "1,hello,1.5,1.5,\"2020-01-02 03:04:05.123\"", "2,\"wo,rld \"\"q\"\"\",1.0E10,1E+2,\"2020-01-02 03:04:00\"",
            "3,,-0.0,0,\"1970-01-01 00:00:00\""])
        #expect(JsonEncoder().line(1, of: rows) ==
                "{\"a\":2,\"s\":\"wo,rld \\\"q\\\"\",\"d\":1.0E10,\"m\":1E+2,\"t\":\"2020-01-02 03:04:00\"}")
        #expect(ValueText.javaNormalized(-1230, scale: 2) == "-12.3" && ValueText.javaNormalized(5, scale: 9) == "5E-9")
    }
}
