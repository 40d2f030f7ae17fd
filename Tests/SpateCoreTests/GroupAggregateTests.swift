import Testing
@testable import SpateCore

/// The group aggregation's changelog, as Flink's GroupAggFunction makes it: +I for a group's first
/// row, -U/+U for a change, nothing when the results stay, -D when a group's rows are all retracted;
/// retractions taken back from every kind of accumulator; batch mode's final rows.
@Suite struct GroupAggregateTests {
    static let input = DataType.row([DataType.Field("k", .int64), DataType.Field("v", .int64)])

    static func aggregate(_ function: AggregateFunction, distinct: Bool = false) -> Expression {
        .aggregate(function, [.field(1)], distinct: distinct, text: "\(function.rawValue)(v)")
    }

    /// Runs `select` grouped by `keys` over batches of (k, v) rows with their kinds; returns each
    /// output row's kind and values (NULL as nil).
    func run(keys: [Expression] = [.field(0)], select: [Expression], batches: [[(RowKind, Int64?, Int64?)]],
             mode: RuntimeMode = .streaming) throws -> [String] {
        let plan = try GroupAggregatePlanner(input: Self.input, keys: keys, select: select)
        let keying = GroupKeyOperator(keys: plan.keys, arguments: plan.arguments, outputType: plan.keyedType)
        let outputType = DataType.row(plan.selection.enumerated().map { DataType.Field("c\($0.offset)", $0.element.type) })
        let aggregation = GroupAggregateOperator(
            keyCount: plan.keys.count, calls: plan.calls, argumentPositions: plan.arguments.indices.map { [plan.keys.count + $0] },
            retracting: batches.joined().contains { $0.0 != .insert }, aggregatedType: plan.aggregatedType,
            selection: plan.selection, outputType: outputType)
        try aggregation.open(OperatorContext(operatorName: "GroupAggregate", subtaskIndex: 0, parallelism: 1, maxParallelism: 128,
                                             runtimeMode: mode))
        let keyed = EmittedBatches(), output = EmittedBatches()
        for batch in batches {
            let rows = StructColumn(type: Self.input)
            for (_, key, value) in batch {
                if let key { try rows.fields[0].appendInt(key) } else { rows.fields[0].appendNull() }
                if let value { try rows.fields[1].appendInt(value) } else { rows.fields[1].appendNull() }
                try rows.appendStruct()
            }
            try keying.process(RecordBatch(values: rows, rowKinds: RowKindColumn(batch.map(\.0))), input: 0, output: keyed)
        }
        for batch in keyed.batches { try aggregation.process(batch, input: 0, output: output) }
        try aggregation.endOfInput(output: output)
        return changelogLines(output.batches)
    }

    @Test func aGroupsRowsInsertThenUpdateItsResult() throws {
        let out = try run(select: [.field(0), Self.aggregate(.sum), Self.aggregate(.count)],
                          batches: [[(.insert, 1, 10), (.insert, 2, 5)], [(.insert, 1, 7)]])
        #expect(out == ["+I[1, 10, 1]", "+I[2, 5, 1]", "-U[1, 10, 1]", "+U[1, 17, 2]"])
    }

    @Test func aRowThatChangesNoResultSendsNothing() throws {
        let out = try run(select: [.field(0), Self.aggregate(.max)], batches: [[(.insert, 1, 10), (.insert, 1, 3), (.insert, 1, 12)]])
        #expect(out == ["+I[1, 10]", "-U[1, 10]", "+U[1, 12]"])
    }

    @Test func retractionsAreTakenBackAndAnEmptiedGroupIsDeleted() throws {
        let out = try run(select: [.field(0), Self.aggregate(.sum), Self.aggregate(.max), Self.aggregate(.min)],
                          batches: [[(.insert, 1, 10), (.insert, 1, 20), (.updateBefore, 1, 20), (.delete, 1, 10)]])
        #expect(out == ["+I[1, 10, 10, 10]", "-U[1, 10, 10, 10]", "+U[1, 30, 20, 10]",
                        "-U[1, 30, 20, 10]", "+U[1, 10, 10, 10]", "-D[1, 10, 10, 10]"])
    }

    @Test func aRetractionOfAGroupNotHeldIsDropped() throws {
        let out = try run(select: [.field(0), Self.aggregate(.count)], batches: [[(.delete, 1, 10), (.insert, 1, 4)]])
        #expect(out == ["+I[1, 1]"])
    }

    @Test func distinctAggregatesCountEachValueOnce() throws {
        let out = try run(select: [.field(0), Self.aggregate(.count, distinct: true)],
                          batches: [[(.insert, 1, 10), (.insert, 1, 10), (.insert, 1, 4), (.updateBefore, 1, 10), (.delete, 1, 10)]])
        #expect(out == ["+I[1, 1]", "-U[1, 1]", "+U[1, 2]", "-U[1, 2]", "+U[1, 1]"])
    }

    @Test func firstAndLastValuesTakeBackRetractedValues() throws {
        let out = try run(select: [.field(0), Self.aggregate(.firstValue), Self.aggregate(.lastValue)],
                          batches: [[(.insert, 1, 1), (.insert, 1, 2), (.insert, 1, 3), (.delete, 1, 1), (.delete, 1, 3)]])
        #expect(out == ["+I[1, 1, 1]", "-U[1, 1, 1]", "+U[1, 1, 2]", "-U[1, 1, 2]", "+U[1, 1, 3]",
                        "-U[1, 1, 3]", "+U[1, 2, 3]", "-U[1, 2, 3]", "+U[1, 2, 2]"])
    }

    @Test func batchModeGivesEachGroupsFinalRowAndAWholeEmptyTableOneRow() throws {
        let out = try run(select: [.field(0), Self.aggregate(.sum)], batches: [[(.insert, 1, 10), (.insert, 2, 5), (.insert, 1, 7)]],
                          mode: .batch)
        #expect(out == ["+I[1, 17]", "+I[2, 5]"])
        let empty = try run(keys: [], select: [Self.aggregate(.sum), Self.aggregate(.count)], batches: [], mode: .batch)
        #expect(empty == ["+I[null, 0]"])
        let emptyStream = try run(keys: [], select: [Self.aggregate(.sum)], batches: [])
        #expect(emptyStream == [])
    }

    @Test func aBatchSumPastItsTypeIsAnErrorNamingTheValues() throws {
        #expect(throws: SpateError.self) {
            try run(select: [Self.aggregate(.sum), Self.aggregate(.count)], batches: [[(.insert, 1, Int64.max), (.insert, 1, 1)]],
                    mode: .batch)
        }
        let counted = try run(select: [Self.aggregate(.count)], batches: [[(.insert, 1, nil), (.insert, 1, 5), (.insert, 2, nil)]],
                              mode: .batch)
        #expect(counted == ["+I[1]", "+I[0]"])
    }

    @Test func theVariancesOfIntegersAreTheExactValueTruncated() throws {
        // As PyFlink 2.3: var_samp(-7, 2) is 40 (40.5), var_pop 20 (20.25), avg -2 (-2.5).
        let out = try run(select: [Self.aggregate(.varSamp), Self.aggregate(.varPop), Self.aggregate(.avg), Self.aggregate(.stddevSamp)],
                          batches: [[(.insert, 1, -7), (.insert, 1, 2)]], mode: .batch)
        #expect(out == ["+I[40, 20, -2, 6]"])
    }

    @Test func thePlannerRefusesFieldsOutsideTheGroupingAndNestedAggregates() {
        #expect(throws: SpateError.self) { try GroupAggregatePlanner(input: Self.input, keys: [.field(0)], select: [.field(1)]) }
        let nested = Expression.aggregate(.sum, [Self.aggregate(.sum)], distinct: false, text: "sum(sum(v))")
        #expect(throws: SpateError.self) { try GroupAggregatePlanner(input: Self.input, keys: [.field(0)], select: [nested]) }
    }

    @Test func eachDistinctCallIsComputedOnce() throws {
        let sum = Self.aggregate(.sum)
        let plan = try GroupAggregatePlanner(input: Self.input, keys: [.field(0)],
                                             select: [sum, .call(.plus, [sum, .literal(.integer(1), type: .int64)], text: nil)])
        #expect(plan.calls.count == 1)
        #expect(plan.selection.map(\.expression.text) == ["$1", "plus($1, 1)"])
    }
}
