import CSpate
import Testing
@testable import SpateC

/// The host reads type strings through `spate_type_parse`: Spate's one parser, flattened.
@Suite struct TypeStringABITests {
    private func parse(_ text: String, capacity: Int32 = 16) -> (status: spate_status, nodes: [spate_type_node], count: Int32) {
        var nodes = [spate_type_node](repeating: spate_type_node(), count: Int(capacity))
        var count: Int32 = 0
        let status = nodes.withUnsafeMutableBufferPointer { spate_type_parse(text, $0.baseAddress, capacity, &count) }
        return (status, nodes, count)
    }

    @Test func nodesComeInPreOrderWithNamesAndMarkers() {
        let (status, nodes, count) = parse("row<word:str!,counts:list<i64?>,d:decimal<10,2>>")
        #expect(status == SPATE_OK)
        #expect(count == 5)
        #expect(nodes.prefix(5).map(\.kind) == [SPATE_TYPE_ROW, SPATE_TYPE_STR, SPATE_TYPE_LIST, SPATE_TYPE_I64,
                                                SPATE_TYPE_DECIMAL].map { Int32($0.rawValue) })
        #expect(nodes[0].n_children == 3 && nodes[2].n_children == 1)
        #expect(nodes.prefix(5).map { $0.name.map { String(cString: $0) } } == [nil, "word", "counts", nil, "d"])
        #expect(nodes[1].not_null == 1 && nodes[3].nullable == 1 && nodes[0].not_null == 0)
        #expect(nodes[4].precision == 10 && nodes[4].scale == 2)
        #expect(nodes.prefix(5).map { $0.keyword.map { String(cString: $0) } } == ["row", "str", "list", "i64", "decimal"])
    }

    @Test func aSmallBufferGetsTheCountNeeded() {
        let (status, _, count) = parse("tuple<i32,i32,i32>", capacity: 2)
        #expect(status == SPATE_OK)
        #expect(count == 4)
    }

    @Test func badTypeStringsAreErrors() {
        #expect(parse("list<").status == SPATE_ERROR)
        #expect(String(cString: spate_last_error()).hasPrefix("invalid type string 'list<'"))
        let deep = String(repeating: "list<", count: 1500) + "i64" + String(repeating: ">", count: 1500)
        #expect(parse(deep).status == SPATE_ERROR)
        #expect(String(cString: spate_last_error()).contains("nested more than 1000 levels deep"))
        #expect(spate_type_parse("i64", nil, 4, nil) == SPATE_ERROR)
    }
}
