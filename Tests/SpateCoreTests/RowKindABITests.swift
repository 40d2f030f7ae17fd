import CSpate
import Testing
@testable import SpateC
@testable import SpateCore

/// Row kinds across the C ABI (spate.h, "Row kinds"): an exported batch carries them as one extra,
/// last child; builders record them with spate_builder_set_row_kind.
@Suite struct RowKindABITests {
    private func rows(_ count: Int) throws -> StructColumn {
        let column = StructColumn(type: try DataType(parsing: "row<a:i64,b:str>"))
        for value in 0..<count {
            try column.fields[0].appendInt(Int64(value))
            column.fields[1].appendNull()
            try column.appendStruct()
        }
        return column
    }

    @Test func anExportedBatchCarriesItsKindsAsALastChild() throws {
        var array = ArrowArray()
        let kinds = RowKindColumn([.insert, .delete, .updateBefore])
        ArrowExport.export(RecordBatch(values: try rows(3), rowKinds: kinds), into: &array)
        #expect(array.n_children == 3)
        let child = array.children[2]!.pointee
        #expect(child.length == 3 && child.null_count == 0 && child.n_buffers == 2 && child.n_children == 0)
        let bytes = child.buffers[1]!.assumingMemoryBound(to: UInt8.self)
        #expect((0..<3).map { bytes[$0] } == [0, 3, 1])
        array.release?(&array)

        // Insert-only: the type's own children, nothing more.
        var plain = ArrowArray()
        ArrowExport.export(RecordBatch(values: try rows(3)), into: &plain)
        #expect(plain.n_children == 2)
        plain.release?(&plain)
    }

    @Test func aBuilderKeepsKindsOnlyOnceOneIsNotAnInsert() throws {
        var handle: OpaquePointer?
        #expect(spate_builder_create("i64", &handle) == SPATE_OK)
        defer { spate_builder_destroy(handle) }
        let builder = try #require(ColumnBuilder.from(handle))
        #expect(spate_builder_set_row_kind(handle, 2) == SPATE_ERROR)  // no value yet
        for value in 0..<4 as Range<Int64> {
            #expect(spate_builder_append_int(handle, value) == SPATE_OK)
            #expect(spate_builder_set_row_kind(handle, 0) == SPATE_OK)
        }
        #expect(builder.rowKinds == nil)
        #expect(spate_builder_set_row_kind(handle, 3) == SPATE_OK)  // the fourth value is a delete
        #expect(spate_builder_append_int(handle, 4) == SPATE_OK)
        #expect(spate_builder_set_row_kind(handle, 4) == SPATE_ERROR)
        let kinds = try #require(builder.rowKinds)
        #expect((0..<kinds.count).map { kinds[$0] } == [.insert, .insert, .insert, .delete, .insert])
    }
}
