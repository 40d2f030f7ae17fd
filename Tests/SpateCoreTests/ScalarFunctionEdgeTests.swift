import Testing
@testable import SpateCore

/// Arguments at the ends of their types: what no PyFlink case covers, as Spate defines it (no
/// crash, no wrap-around).
@Suite struct ScalarFunctionEdgeTests {
    @Test func roundingToAnyNumberOfPlacesKeepsOrZeroesTheValue() {
        #expect(DecimalRounding.round(1.5, places: .max, rule: .halfUp) == 1.5)
        #expect(DecimalRounding.round(1.5, places: .min, rule: .halfUp) == 0)
        #expect(DecimalRounding.round(-0.4, places: 0, rule: .halfUp).sign == .plus)  // no -0.0, as BigDecimal
        #expect(DecimalRounding.round(9.995, places: 2, rule: .halfUp) == 10)
        #expect(MathFunctions.roundInteger(.max, places: -1, halfUp: true) == nil)
        #expect(MathFunctions.roundInteger(.min, places: .min, halfUp: false) == 0)
    }

    @Test func substringsTakeAnyPositionAndLength() throws {
        let rows = StructColumn(type: try DataType(parsing: "row<a:str?,p:i64?,n:i64?>"))
        for (position, length) in [(Int64.max, Int64.max), (Int64.min, Int64.max), (2, Int64.max), (-2, 1)] {
            try Array("héllo".utf8).withUnsafeBytes { try rows.fields[0].appendString($0) }
            try rows.fields[1].appendInt(position)
            try rows.fields[2].appendInt(length)
            try rows.appendStruct()
        }
        let expression = Expression.call(.substring, [.field(0), .field(1), .field(2)], text: "substring(a, p, n)")
        let typed = try ExpressionBinder(input: rows.type).bind(expression)
        let result = try #require(try ExpressionEvaluator.evaluate(typed, over: rows) as? StringColumn)
        #expect((0..<4).map { result[$0] } == ["", "héllo", "éllo", "l"])
    }
}
