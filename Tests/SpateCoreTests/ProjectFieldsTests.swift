import Testing
@testable import SpateCore

@Suite struct ProjectFieldsTests {
    @Test func tuplesBecomeTuplesOfTheChosenFieldsInOrder() throws {
        let tuples = StructColumn(type: try DataType(parsing: "tuple<str,i64>"))
        for (name, n) in [("a", 1), ("b", 2)] {
            try tuples.fields[0].appendText(name)
            try tuples.fields[1].appendInt(Int64(n))
            try tuples.appendStruct()
        }
        let projection = ProjectFields(positions: [1, 0, 1], type: try DataType(parsing: "tuple<i64,str,i64>"))
        let projected = try #require(try projection.apply(RecordBatch(values: tuples))?.values as? StructColumn)
        #expect(projected.count == 2)
        #expect((projected.fields[0] as! PrimitiveColumn<Int64>)[1] == 2)
        #expect((projected.fields[1] as! StringColumn)[0] == "a")
        // The field taken twice is a column of its own.
        #expect(projected.fields[0] !== projected.fields[2])
        #expect((projected.fields[2] as! PrimitiveColumn<Int64>)[0] == 1)
    }

    @Test func aProjectionOfMissingFieldsIsAnError() throws {
        let values = PrimitiveColumn<Int64>(type: .int64)
        values.append(1)
        let projection = ProjectFields(positions: [0], type: try DataType(parsing: "tuple<i64>"))
        #expect(throws: SpateError.self) { try projection.apply(RecordBatch(values: values)) }
    }
}
