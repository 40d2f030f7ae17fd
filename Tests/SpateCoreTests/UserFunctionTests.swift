import Testing
@testable import SpateCore

/// Calls of host functions in expressions: what a function receives (the value, a tuple of values,
/// a NULL per row for none) and the column it gives back, one call per batch.
@Suite struct UserFunctionTests {
    static let input = DataType.row([DataType.Field("a", .int64), DataType.Field("b", .int64)])

    func rows(_ pairs: [(Int64, Int64)]) throws -> StructColumn {
        let rows = StructColumn(type: Self.input)
        for (a, b) in pairs {
            try rows.fields[0].appendInt(a)
            try rows.fields[1].appendInt(b)
            try rows.appendStruct()
        }
        return rows
    }

    /// A host function stand-in: records each batch it gets and returns `body` of it.
    final class Recording: BatchFunction {
        var inputs: [Column] = []
        let body: (Column) -> Column
        init(_ body: @escaping (Column) -> Column) { self.body = body }
        func apply(_ batch: RecordBatch) throws(SpateError) -> RecordBatch? {
            inputs.append(batch.values)
            return RecordBatch(values: body(batch.values))
        }
    }

    @Test func severalArgumentsArriveAsATupleAndOneCallServesTheBatch() throws {
        let sum = Recording { input in
            let tuple = input as! StructColumn
            let out = PrimitiveColumn<Int64>(type: .int64)
            let a = tuple.fields[0] as! PrimitiveColumn<Int64>, b = tuple.fields[1] as! PrimitiveColumn<Int64>
            for row in 0..<tuple.count { out.append(a[row] + b[row]) }
            return out
        }
        let call = Expression.userFunction(0, [.field(0), .field(1)], returns: .int64, text: "add(a, b)")
        let typed = try ExpressionBinder(input: Self.input).bind(call)
        let result = try ExpressionEvaluator.evaluate(typed, over: try rows([(1, 10), (2, 20), (3, 30)]),
                                                      functions: UserFunctions([0: sum]))
        #expect((0..<3).map { (result as! PrimitiveColumn<Int64>)[$0] } == [11, 22, 33])
        #expect(sum.inputs.count == 1 && sum.inputs[0].type == .tuple([.int64, .int64]))
    }

    @Test func aFunctionOfNoArgumentsGetsANullPerRow() throws {
        let seven = Recording { input in
            let out = PrimitiveColumn<Int64>(type: .int64)
            for _ in 0..<input.count { out.append(7) }
            return out
        }
        let typed = try ExpressionBinder(input: Self.input).bind(.userFunction(0, [], returns: .int64, text: "seven()"))
        let result = try ExpressionEvaluator.evaluate(typed, over: try rows([(1, 1), (2, 2)]), functions: UserFunctions([0: seven]))
        #expect(result.count == 2 && seven.inputs[0] is NullColumn)
    }

    @Test func aCallOutsideACalcIsAnErrorNamingIt() throws {
        let typed = try ExpressionBinder(input: Self.input).bind(.userFunction(0, [.field(0)], returns: .int64, text: "f(a)"))
        #expect(throws: SpateError.self) { try ExpressionEvaluator.evaluate(typed, over: try rows([(1, 1)])) }
    }
}
