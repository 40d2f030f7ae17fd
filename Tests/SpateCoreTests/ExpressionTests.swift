import Foundation
import Testing
@testable import SpateCore

/// The expression cases (Tests/Conformance/expressions.json, written by make_expression_cases.py),
/// Swift's side: each expression bound against its input row type and evaluated over its rows.
/// (Python's side runs the same cases through whole plans: python/tests/test_expressions.py.)
@Suite struct ExpressionTests {
    struct Case: Sendable, CustomStringConvertible {
        var id: String
        var json: JSONValue
        var description: String { id }
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Conformance/expressions.json")
        guard let text = try? String(contentsOf: url, encoding: .utf8),
              case .array(let list)? = try? JSONValue(parsing: text) else { return [] }
        return list.compactMap { entry in
            guard case .string(let id)? = entry["id"] else { return nil }
            return Case(id: id, json: entry)
        }
    }()

    @Test func thereAreAtLeastFiveHundredCases() {
        #expect(Self.cases.count >= 500)
    }

    @Test(arguments: cases)
    func evaluate(_ testCase: Case) throws {
        let entry = testCase.json
        guard case .string(let inputType)? = entry["input_type"], case .array(let rows)? = entry["rows"],
              let expressionJSON = entry["expression"], case .string(let resultType)? = entry["result_type"] else {
            Issue.record("malformed case")
            return
        }
        let input = try Self.rows(rows, type: try DataType(parsing: inputType))
        let expression = try expressionJSON.decode(Expression.self)
        let outcome = Result { () throws(SpateError) -> (DataType, Column) in
            let typed = try ExpressionBinder(input: input.type).bind(expression)
            return (typed.type, try ExpressionEvaluator.evaluate(typed, over: input))
        }
        switch (outcome, entry["expect_error"], entry["expect"]) {
        case (.failure(let error), .string(let wanted)?, _):
            #expect(error.message.contains(wanted), "\(error.message)")
        case (.success(let (type, column)), nil, .array(let expected)?):
            #expect(type.base == (try DataType(parsing: resultType)).base)
            if case .bool(let notNull)? = entry["result_not_null"] {
                #expect(type.isNullable != notNull, "nullability of \(type)")
            }
            var tolerance = 0.0
            if case .double(let given)? = entry["tolerance"] { tolerance = given }
            #expect(column.count == expected.count)
            for (row, value) in expected.enumerated() where row < column.count {
                #expect(Self.matches(column, row, value, tolerance: tolerance), "row \(row): expected \(value.serialized)")
            }
        case (.failure(let error), _, _):
            Issue.record("unexpected error: \(error.message)")
        default:
            Issue.record("expected an error: \(entry["expect_error"]?.serialized ?? "")")
        }
    }

    /// Rows of `type` from JSON values.
    static func rows(_ rows: [JSONValue], type: DataType) throws -> StructColumn {
        let column = StructColumn(type: type)
        for row in rows {
            guard case .array(let values) = row else { continue }
            for (field, value) in zip(column.fields, values) {
                switch value {
                case .null: field.appendNull()
                case .bool(let flag): try field.appendBool(flag)
                case .integer(let number):
                    if field is PrimitiveColumn<Float> || field is PrimitiveColumn<Double> { try field.appendFloat(Double(number)) }
                    else { try field.appendInt(number) }
                case .double(let number): try field.appendFloat(number)
                case .string(let text): try Array(text.utf8).withUnsafeBytes { bytes in try field.appendString(bytes) }
                default: throw SpateError(.invalidArgument, "unsupported value \(value.serialized)")
                }
            }
            try column.appendStruct()
        }
        return column
    }

    /// Whether row `row` holds `expected`: floating-point values within a relative `tolerance`
    /// (NaN and the infinities spelled "NaN", "Infinity", "-Infinity").
    static func matches(_ column: Column, _ row: Int, _ expected: JSONValue, tolerance: Double = 0) -> Bool {
        if case .null = expected { return column.isNull(row) }
        guard !column.isNull(row) else { return false }
        func close(_ value: Double, _ wanted: Double) -> Bool {
            value == wanted || Swift.abs(value - wanted) <= tolerance * Swift.max(Swift.abs(wanted), 1)
        }
        switch (Numeric.value(column, row), expected) {
        case (.exact(let value)?, .integer(let wanted)): return value == wanted
        case (.approximate(let value)?, .double(let wanted)): return close(value, wanted)
        case (.approximate(let value)?, .integer(let wanted)): return close(value, Double(wanted))
        case (.approximate(let value)?, .string(let special)):
            return special == "NaN" ? value.isNaN : value == (special == "Infinity" ? Double.infinity : -Double.infinity)
        default: break
        }
        if let bools = column as? BoolColumn, case .bool(let wanted) = expected { return bools[row] == wanted }
        if let strings = column as? StringColumn, case .string(let wanted) = expected { return strings[row] == wanted }
        return false
    }
}
