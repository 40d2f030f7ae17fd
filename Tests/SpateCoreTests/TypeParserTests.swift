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
}
