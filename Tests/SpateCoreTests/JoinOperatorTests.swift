import Testing
@testable import SpateCore

/// The regular join's changelog, as Flink's StreamingJoinOperator makes it. Each case feeds the rows
/// in the order they met in a PyFlink 2.3 run and expects what PyFlink printed for that order
/// (its order of arrival varies from run to run: python/tests/test_table_relational.py compares
/// whole jobs by the table they leave). Rows are (k, s) on the left and (rk, rs) on the right,
/// joined on k = rk.
@Suite struct JoinOperatorTests {
    static let left = DataType.row([DataType.Field("k", .int64), DataType.Field("s", .string)])
    static let right = DataType.row([DataType.Field("rk", .int64), DataType.Field("rs", .string)])
    static let onKeys = Expression.call(.equals, [.field(0), .field(2)], text: "k === rk")

    /// A row of side 0 (left) or 1 (right), with its kind.
    struct Event {
        var side: Int
        var kind: RowKind = .insert
        var key: Int64?
        var text: String
    }

    static func l(_ key: Int64?, _ text: String, _ kind: RowKind = .insert) -> Event { Event(side: 0, kind: kind, key: key, text: text) }
    static func r(_ key: Int64?, _ text: String, _ kind: RowKind = .insert) -> Event { Event(side: 1, kind: kind, key: key, text: text) }

    /// Runs the join over `batches` of events (each batch from one side), through both sides'
    /// keying operators, as the job runs it.
    func run(_ type: JoinType, _ batches: [[Event]], condition: Expression? = onKeys, mode: RuntimeMode = .streaming) throws -> [String] {
        let plan = try JoinPlanner(left: Self.left, right: Self.right, condition: condition, type: type)
        let join = JoinOperator(type: type, condition: plan.condition, leftType: Self.left, rightType: Self.right,
                                outputType: plan.outputType)
        try join.open(OperatorContext(operatorName: "Join", subtaskIndex: 0, parallelism: 1, maxParallelism: 128, runtimeMode: mode))
        let output = EmittedBatches()
        for batch in batches {
            let side = batch[0].side
            let rows = StructColumn(type: side == 0 ? Self.left : Self.right)
            for event in batch {
                if let key = event.key { try rows.fields[0].appendInt(key) } else { rows.fields[0].appendNull() }
                var text = event.text
                try text.withUTF8 { try rows.fields[1].appendString(UnsafeRawBufferPointer($0)) }
                try rows.appendStruct()
            }
            let keyed = EmittedBatches()
            try JoinKeyOperator(keys: plan.keys(side: side), keyType: plan.keyType)
                .process(RecordBatch(values: rows, rowKinds: RowKindColumn(batch.map(\.kind))), input: 0, output: keyed)
            for keyedBatch in keyed.batches { try join.process(keyedBatch, input: side, output: output) }
        }
        try join.endOfInput(output: output)
        return changelogLines(output.batches)
    }

    /// One batch per row, as Flink processes a record at a time.
    func run(_ type: JoinType, _ events: [Event]) throws -> [String] { try run(type, events.map { [$0] }) }

    @Test func aRightOuterJoinDeletesAPaddedRowWhenItsFirstMatchComes() throws {
        let out = try run(.right, [Self.r(2, "x"), Self.l(1, "a"), Self.l(2, "b"), Self.r(3, "y"), Self.l(2, "bb"),
                                   Self.r(3, "yy"), Self.l(3, "c"), Self.r(4, "z"), Self.r(nil, "nn"), Self.l(nil, "n")])
        #expect(out == ["+I[null, null, 2, x]", "-D[null, null, 2, x]", "+I[2, b, 2, x]", "+I[null, null, 3, y]",
                        "+I[2, bb, 2, x]", "+I[null, null, 3, yy]", "-D[null, null, 3, y]", "+I[3, c, 3, y]",
                        "-D[null, null, 3, yy]", "+I[3, c, 3, yy]", "+I[null, null, 4, z]", "+I[null, null, null, nn]"])
    }

    @Test func aFullOuterJoinPadsBothSidesAndNullKeysMatchNothing() throws {
        let out = try run(.full, [Self.r(2, "x"), Self.r(3, "y"), Self.l(1, "a"), Self.r(3, "yy"), Self.l(2, "b"),
                                  Self.r(4, "z"), Self.l(2, "bb"), Self.r(nil, "nn"), Self.l(3, "c"), Self.l(nil, "n")])
        #expect(out == ["+I[null, null, 2, x]", "+I[null, null, 3, y]", "+I[1, a, null, null]", "+I[null, null, 3, yy]",
                        "-D[null, null, 2, x]", "+I[2, b, 2, x]", "+I[null, null, 4, z]", "+I[2, bb, 2, x]",
                        "+I[null, null, null, nn]", "-D[null, null, 3, y]", "+I[3, c, 3, y]", "-D[null, null, 3, yy]",
                        "+I[3, c, 3, yy]", "+I[null, n, null, null]"])
    }

    /// PyFlink's `right.left_outer_join(totals, gk == rk)`, totals a group aggregation's changelog:
    /// here the left is that changelog and the right the outer side.
    @Test func aChangelogJoinedToAnOuterSideRetractsAndRestoresItsPaddedRows() throws {
        let out = try run(.right, [Self.r(2, "x"), Self.r(3, "y"), Self.r(3, "yy"), Self.r(4, "z"), Self.r(nil, "nn"),
                                   Self.l(1, "10"), Self.l(2, "20"), Self.l(2, "20", .updateBefore), Self.l(2, "41", .updateAfter),
                                   Self.l(3, "30"), Self.l(nil, "0")])
        #expect(out == ["+I[null, null, 2, x]", "+I[null, null, 3, y]", "+I[null, null, 3, yy]", "+I[null, null, 4, z]",
                        "+I[null, null, null, nn]", "-D[null, null, 2, x]", "+I[2, 20, 2, x]", "-U[2, 20, 2, x]",
                        "+I[null, null, 2, x]", "-D[null, null, 2, x]", "+I[2, 41, 2, x]", "-D[null, null, 3, y]",
                        "+I[3, 30, 3, y]", "-D[null, null, 3, yy]", "+I[3, 30, 3, yy]"])
    }

    /// PyFlink's `totals.right_outer_join(right, gk == rk)` with two right rows of one key: each
    /// matched row's changes come together (its padded row, then its joined row), in both directions.
    @Test func aChangelogRowMatchingTwoOuterRowsChangesEachInTurn() throws {
        let out = try run(.right, [Self.r(2, "x"), Self.r(2, "xx"), Self.r(3, "y"), Self.l(2, "20"), Self.l(2, "20", .updateBefore),
                                   Self.l(2, "41", .updateAfter), Self.l(3, "30")])
        #expect(out == ["+I[null, null, 2, x]", "+I[null, null, 2, xx]", "+I[null, null, 3, y]",
                        "-D[null, null, 2, x]", "+I[2, 20, 2, x]", "-D[null, null, 2, xx]", "+I[2, 20, 2, xx]",
                        "-U[2, 20, 2, x]", "+I[null, null, 2, x]", "-U[2, 20, 2, xx]", "+I[null, null, 2, xx]",
                        "-D[null, null, 2, x]", "+I[2, 41, 2, x]", "-D[null, null, 2, xx]", "+I[2, 41, 2, xx]",
                        "-D[null, null, 3, y]", "+I[3, 30, 3, y]"])
    }

    @Test func anInnerJoinKeepsTheInputRowsKinds() throws {
        let out = try run(.inner, [Self.r(2, "x"), Self.l(2, "20"), Self.l(2, "20", .updateBefore), Self.l(2, "41", .updateAfter),
                                   Self.r(2, "x", .delete)])
        #expect(out == ["+I[2, 20, 2, x]", "-U[2, 20, 2, x]", "+U[2, 41, 2, x]", "-D[2, 41, 2, x]"])
    }

    @Test func anOuterSidesRetractedRowIsDeletedPaddedOrJoined() throws {
        let out = try run(.left, [Self.l(1, "a"), Self.l(1, "a", .delete), Self.l(2, "b"), Self.r(2, "x"), Self.l(2, "b", .delete),
                                  Self.r(2, "x", .delete)])
        #expect(out == ["+I[1, a, null, null]", "-D[1, a, null, null]", "+I[2, b, null, null]", "-D[2, b, null, null]",
                        "+I[2, b, 2, x]", "-D[2, b, 2, x]"])
    }

    @Test func aRowHeldTwiceJoinsTwiceAndIsPaddedTwice() throws {
        let out = try run(.left, [Self.l(1, "a"), Self.l(1, "a"), Self.r(1, "x"), Self.r(1, "x", .delete)])
        #expect(out == ["+I[1, a, null, null]", "+I[1, a, null, null]", "-D[1, a, null, null]", "+I[1, a, 1, x]",
                        "-D[1, a, null, null]", "+I[1, a, 1, x]", "-D[1, a, 1, x]", "+I[1, a, null, null]",
                        "-D[1, a, 1, x]", "+I[1, a, null, null]"])
    }

    @Test func manyRowsOfOneKeyComeAndGoWithoutLosingTheirCounts() throws {
        // 3000 distinct rows of key 1, all taken back but the last, in a single batch each way:
        // every entry is found directly and the slot compacted as it empties.
        let rows = (0..<3000).map { Self.l(1, "r\($0)") }
        let gone = rows.dropLast().map { Self.l(1, $0.text, .delete) }
        let out = try run(.inner, [rows, Array(gone), [Self.r(1, "x")]])
        #expect(out == ["+I[1, r2999, 1, x]"])
    }

    @Test func theConditionBeyondTheKeysDecidesWhichRowsMatch() throws {
        let condition = Expression.call(.and, [Self.onKeys, .call(.notEquals, [.field(1), .field(3)], text: "s <> rs")], text: nil)
        let out = try run(.left, [[Self.r(1, "a"), Self.r(1, "b")], [Self.l(1, "a"), Self.l(2, "c")]], condition: condition)
        #expect(out == ["+I[1, a, 1, b]", "+I[2, c, null, null]"])
    }

    @Test func batchModeEmitsTheJoinedAndPaddedRowsAtTheEnd() throws {
        let out = try run(.full, [[Self.l(1, "a"), Self.l(2, "b"), Self.l(2, "b"), Self.l(nil, "n")], [Self.r(2, "x"), Self.r(3, "y")]],
                          mode: .batch)
        #expect(out.sorted() == ["+I[1, a, null, null]", "+I[2, b, 2, x]", "+I[2, b, 2, x]", "+I[null, n, null, null]",
                                 "+I[null, null, 3, y]"])
    }

    @Test func batchModeJoinsEachCopyWithEachCopy() throws {
        let out = try run(.inner, [Array(repeating: Self.l(1, "a"), count: 100), Array(repeating: Self.r(1, "x"), count: 101)],
                          mode: .batch)
        #expect(out.count == 100 * 101 && Set(out) == ["+I[1, a, 1, x]"])
    }

    @Test func aCrossJoinPairsEveryRow() throws {
        let out = try run(.inner, [[Self.l(1, "a"), Self.l(2, "b")], [Self.r(7, "x")]], condition: nil)
        #expect(out == ["+I[1, a, 7, x]", "+I[2, b, 7, x]"])
    }

    @Test func thePlannerSplitsKeysFromTheConditionAndRefusesWhatFlinkRefuses() throws {
        let plan = try JoinPlanner(left: Self.left, right: Self.right, condition: .call(.and, [
            .call(.equals, [.field(2), .field(0)], text: "rk === k"), .call(.greaterThan, [.field(0), .literal(.integer(1), type: .int64)], text: "k > 1"),
        ], text: nil), type: .inner)
        #expect(plan.leftKeys.map(\.expression) == [.field(0)])
        #expect(plan.rightKeys.map(\.expression) == [.field(0)])
        #expect(plan.condition?.expression.text == "k > 1")
        #expect(throws: SpateError.self) {
            try JoinPlanner(left: Self.left, right: Self.right, condition: .call(.greaterThan, [.field(0), .field(2)], text: "k > rk"), type: .left)
        }
        #expect(throws: SpateError.self) {
            try JoinPlanner(left: Self.left, right: Self.left, condition: nil, type: .inner)  // ambiguous names
        }
    }
}
