import Testing
@testable import SpateCore

/// Native min/max/min_by/max_by of fields stored as integers in the order of their values (dates,
/// times, timestamps, decimals), and sums refused on them.
@Suite struct KeyedAggregateFieldTests {
    /// Runs `kind` over one key's records (field 0: the date or decimal, field 1: a tag) and returns
    /// each output's (field 0, tag).
    func run(_ kind: AggregationKind, fieldType: DataType, values: [Int64]) throws -> [(Int128, Int64)] {
        let type = DataType.tuple([fieldType, .int64])
        let records = StructColumn(type: type)
        let keys = PrimitiveColumn<Int64>(type: .int64)
        for (tag, value) in values.enumerated() {
            if case .decimal = fieldType { try records.fields[0].appendInt128(Int128(value)) } else { try records.fields[0].appendInt(value) }
            try records.fields[1].appendInt(Int64(tag))
            try records.appendStruct()
            keys.append(7)
        }
        let aggregate = try makeKeyedAggregate(kind, type: type, field: 0)
        try aggregate.open(OperatorContext(operatorName: "Reduce", subtaskIndex: 0, parallelism: 1, maxParallelism: 128,
                                           runtimeMode: .streaming))
        let output = EmittedBatches()
        try aggregate.process(RecordBatch(values: records, keys: keys), input: 0, output: output)
        let result = try #require(output.batches.first?.values as? StructColumn)
        #expect(result.type == type)
        let tags = result.fields[1] as! PrimitiveColumn<Int64>
        return (0..<result.count).map { row in
            let field: Int128
            switch result.fields[0] {
            case let days as PrimitiveColumn<Int32>: field = Int128(days[row])
            case let micros as PrimitiveColumn<Int64>: field = Int128(micros[row])
            default: field = (result.fields[0] as! PrimitiveColumn<Int128>)[row]
            }
            return (field, tags[row])
        }
    }

    @Test func datesTimestampsAndDecimalsCompareNatively() throws {
        // As PyFlink on dates 2024-05-01, 2023-01-01, 2025-01-01, 2023-01-01 (days since 1970).
        let days: [Int64] = [19844, 19358, 20089, 19358]
        #expect(try run(.min, fieldType: .date, values: days).map(\.0) == [19844, 19358, 19358, 19358])
        #expect(try run(.min, fieldType: .date, values: days).map(\.1) == [0, 0, 0, 0])
        #expect(try run(.minBy, fieldType: .date, values: days).map(\.1) == [0, 1, 1, 1])
        #expect(try run(.maxBy, fieldType: .timestamp(precision: 6), values: days).map(\.1) == [0, 0, 2, 2])
        #expect(try run(.max, fieldType: .decimal(precision: 10, scale: 2), values: [150, -225, 1000]).map(\.0) == [150, 150, 1000])
    }

    @Test func sumsNeedNumbers() {
        for type in [DataType.date, .time(precision: 6), .timestamp(precision: 3), .timestampLTZ(precision: 6), .string] {
            #expect(throws: SpateError.self) { try makeKeyedAggregate(.sum, type: .tuple([type]), field: 0) }
        }
    }
}
