import CSpate
import Testing
@testable import SpateCore

@Suite struct TypeParserTests {
    @Test func parsesEveryTypeAndPrintsItBack() throws {
        for text in ["bool", "i8", "i16", "i32", "i64", "f32", "f64", "str", "obj",
                     "tuple<str,i64>", "row<word:str,count:i64>", "row<a:row<b:tuple<i32,f32>>>", "row<>",
                     "char", "bytes", "bigint", "bigdec", "decimal<38,10>", "date", "time<0>", "timestamp<9>",
                     "timestamp_ltz<3>", "instant", "interval_ym", "interval_dt", "null", "list<i64!>",
                     "map<str,list<row<a:date!>>>!", "multiset<char>"] {
            #expect(try DataType(parsing: text).description == text)
        }
    }

    @Test func rejectsMalformedTypes() {
        for text in ["", "long", "tuple<", "tuple<i64", "row<a>", "row<:i64>", "i64>", "tuple<i64,>",
                     "decimal<39,0>", "decimal<5,6>", "decimal<5>", "time<10>", "timestamp", "map<str>", "list<>", "i64!!"] {
            #expect(throws: SpateError.self) { try DataType(parsing: text) }
        }
    }

    /// `row<f:` n times around i32: a type nested n levels deep.
    private func nested(_ depth: Int) -> String {
        String(repeating: "row<f:", count: depth) + "i32" + String(repeating: ">", count: depth)
    }

    @Test func typesNestUpToTheLimitAndPrintBackWhole() throws {
        let text = nested(DataType.maximumDepth)
        #expect(try DataType(parsing: text).description == text)
        #expect(Int(SPATE_MAX_TYPE_DEPTH) == DataType.maximumDepth)
    }

    @Test func aTypeNestedBeyondTheLimitIsAClearError() {
        #expect(throws: SpateError.self) { try DataType(parsing: nested(DataType.maximumDepth + 1)) }
        do {
            _ = try DataType(parsing: nested(DataType.maximumDepth + 1))
        } catch {
            #expect(error.message.contains("nested more than 1000 levels deep"))
        }
    }
}
