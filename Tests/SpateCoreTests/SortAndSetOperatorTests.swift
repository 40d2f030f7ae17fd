import Testing
@testable import SpateCore

/// order_by's operators (the batch sort, the streaming limit and Top-N) and the set operations, over
/// rows (x, y). The Top-N cases are the streaming runs PyFlink 2.3 printed for
/// `order_by(...).fetch(...)` (python/tests/data/pyflink_relational.txt).
@Suite struct SortAndSetOperatorTests {
    static let rowType = DataType.row([DataType.Field("x", .int64), DataType.Field("y", .string)])

    static func rows(_ values: [(Int64?, String)]) throws -> StructColumn {
        let rows = StructColumn(type: rowType)
        for (x, y) in values {
            if let x { try rows.fields[0].appendInt(x) } else { rows.fields[0].appendNull() }
            var text = y
            try text.withUTF8 { try rows.fields[1].appendString(UnsafeRawBufferPointer($0)) }
            try rows.appendStruct()
        }
        return rows
    }

    /// Runs `op` over one batch per element of `batches` (input 0 unless given), then the end of input.
    func run(_ op: StreamOperator, _ batches: [(input: Int, rows: [(Int64?, String)])], mode: RuntimeMode = .streaming) throws -> [String] {
        try op.open(OperatorContext(operatorName: "Op", subtaskIndex: 0, parallelism: 1, maxParallelism: 128, runtimeMode: mode))
        let output = EmittedBatches()
        for batch in batches { try op.process(RecordBatch(values: try Self.rows(batch.rows)), input: batch.input, output: output) }
        try op.endOfInput(output: output)
        return changelogLines(output.batches)
    }

    func order(_ descending: Bool = false) throws -> ([TypedExpression], RowOrder) {
        ([try ExpressionBinder(input: Self.rowType).bind(.field(0))], try RowOrder(keys: [(.int64, descending)]))
    }

    static let input: [(Int64?, String)] = [(3, "c"), (1, "a"), (2, "b"), (1, "d")]

    @Test func aTopNWithoutAnOffsetDeletesTheRowItPushesOut() throws {
        let (keys, order) = try order()
        let out = try run(TopNOperator(keys: keys, order: order, offset: 0, fetch: 2, outputType: Self.rowType),
                          Self.input.map { (0, [$0]) })
        #expect(out == ["+I[3, c]", "+I[1, a]", "-D[3, c]", "+I[2, b]", "-D[2, b]", "+I[1, d]"])
    }

    @Test func aTopNWithAnOffsetUpdatesEachRankInRange() throws {
        let (keys, order) = try order()
        let out = try run(TopNOperator(keys: keys, order: order, offset: 1, fetch: 2, outputType: Self.rowType),
                          [(0, Self.input)])  // one batch: the same as a row at a time
        #expect(out == ["+I[3, c]", "-U[3, c]", "+U[2, b]", "+I[3, c]", "-U[2, b]", "+U[1, d]", "-U[3, c]", "+U[2, b]"])
    }

    /// PyFlink's `sums.order_by(col('t').desc).fetch(2)` over a grouped table's changelog of sums
    /// (here rows (t, k)): rows leave the top 2 and come back as others are taken back.
    @Test func aTopNOfAChangelogHoldsEveryRow() throws {
        let changes: [(RowKind, Int64, String)] = [
            (.insert, 5, "1"), (.insert, 3, "2"), (.updateBefore, 5, "1"), (.updateAfter, 9, "1"), (.insert, 6, "3"),
            (.updateBefore, 3, "2"), (.updateAfter, 4, "2"), (.insert, 2, "4"), (.updateBefore, 6, "3"), (.updateAfter, 2, "3"),
            (.insert, 1, "5"), (.updateBefore, 9, "1"), (.updateAfter, 0, "1"), (.updateBefore, 2, "4"), (.updateAfter, 7, "4"),
        ]
        let (keys, order) = try order(true)
        let topN = RetractableTopNOperator(keys: keys, order: order, fetch: 2, outputType: Self.rowType)
        try topN.open(OperatorContext(operatorName: "SortLimit", subtaskIndex: 0, parallelism: 1, maxParallelism: 128,
                                      runtimeMode: .streaming))
        let output = EmittedBatches()
        try topN.process(RecordBatch(values: try Self.rows(changes.map { ($0.1, $0.2) }), rowKinds: RowKindColumn(changes.map(\.0))),
                         input: 0, output: output)
        #expect(changelogLines(output.batches) == [
            "+I[5, 1]", "+I[3, 2]", "-D[5, 1]", "+I[9, 1]", "-D[3, 2]", "+I[6, 3]", "-D[6, 3]", "+I[4, 2]", "-D[9, 1]",
            "+I[2, 4]", "-D[2, 4]", "+I[2, 3]", "-D[2, 3]", "+I[7, 4]",
        ])
    }

    @Test func aBatchSortIsStableAndPutsNullsLastAscendingAndFirstDescending() throws {
        let values: [(Int64?, String)] = [(2, "b"), (nil, "n"), (1, "a"), (2, "a")]
        let (keys, ascending) = try order()
        #expect(try run(SortOperator(keys: keys, order: ascending, offset: 0, fetch: nil, outputType: Self.rowType),
                        [(0, values)], mode: .batch) == ["+I[1, a]", "+I[2, b]", "+I[2, a]", "+I[null, n]"])
        let (_, descending) = try order(true)
        #expect(try run(SortOperator(keys: keys, order: descending, offset: 1, fetch: 2, outputType: Self.rowType),
                        [(0, values)], mode: .batch) == ["+I[2, b]", "+I[2, a]"])
    }

    @Test func aLimitPassesTheRowsOfItsRangeAsTheyCome() throws {
        let out = try run(SortOperator(keys: [], order: try RowOrder(keys: []), offset: 1, fetch: 2, outputType: Self.rowType),
                          [(0, [(1, "a")]), (0, [(2, "b"), (3, "c"), (4, "d")])])
        #expect(out == ["+I[2, b]", "+I[3, c]"])
    }

    @Test func setOperationsCountEachRowsCopiesOnBothSides() throws {
        let left: [(Int64?, String)] = [(1, "a"), (1, "a"), (2, "b"), (nil, "n"), (3, "c"), (3, "c")]
        let right: [(Int64?, String)] = [(1, "a"), (nil, "n"), (3, "c"), (4, "d")]
        let columns = try [Expression.field(0), .field(1)].map { try ExpressionBinder(input: Self.rowType).bind($0) }
        func run(_ operation: SetOperation) throws -> [String] {
            try self.run(SetOperator(operation: operation, projections: [columns, columns], outputType: Self.rowType),
                         [(0, left), (1, right)], mode: .batch).sorted()
        }
        #expect(try run(.union) == ["+I[1, a]", "+I[2, b]", "+I[3, c]", "+I[4, d]", "+I[null, n]"])
        #expect(try run(.intersect) == ["+I[1, a]", "+I[3, c]", "+I[null, n]"])
        #expect(try run(.intersectAll) == ["+I[1, a]", "+I[3, c]", "+I[null, n]"])
        #expect(try run(.minus) == ["+I[2, b]"])
        #expect(try run(.minusAll) == ["+I[1, a]", "+I[2, b]", "+I[3, c]"])
    }

    @Test func keysOfTypesWithoutAnOrderAreRefused() {
        #expect(throws: SpateError.self) { try RowOrder(keys: [(.list(.int64), false)]) }
    }
}
