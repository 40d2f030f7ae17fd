import CSpate
import SpateCore
#if canImport(Glibc)
import Glibc
#endif

/// Exports a column as an Arrow C Data Interface array without copying: the buffers are the
/// column's own, kept alive until the consumer calls `release`.
enum ArrowExport {
    /// Fills `array` for a batch's values. When some record is not an insert, the array has one
    /// child more than its type's layout: the last, a uint8 array of the records' row kinds
    /// (spate.h, "Row kinds").
    static func export(_ batch: RecordBatch, into array: UnsafeMutablePointer<ArrowArray>) {
        export(batch.values, into: array, rowKinds: batch.rowKinds)
    }

    /// Fills `array` (which the caller owns) for `column`.
    static func export(_ column: Column, into array: UnsafeMutablePointer<ArrowArray>, rowKinds: RowKindColumn? = nil) {
        let holder = ExportHolder(column: column)
        var children: [UnsafeMutablePointer<ArrowArray>] = []
        let childColumns: [Column] = (column as? StructColumn)?.fields ?? (column as? ListColumn).map { [$0.elements] } ?? []
        do {
            for field in childColumns {
                let child = UnsafeMutablePointer<ArrowArray>.allocate(capacity: 1)
                export(field, into: child)
                children.append(child)
            }
        }
        if let rowKinds {
            let child = UnsafeMutablePointer<ArrowArray>.allocate(capacity: 1)
            export(rowKinds, into: child)
            children.append(child)
        }
        holder.buffers = buffers(of: column)
        holder.children = UnsafeMutablePointer<UnsafeMutablePointer<ArrowArray>?>.allocate(capacity: max(1, children.count))
        for (index, child) in children.enumerated() { holder.children![index] = child }
        holder.childCount = children.count
        array.pointee = ArrowArray(
            length: Int64(column.count), null_count: Int64(column.nullCount), offset: 0,
            n_buffers: Int64(holder.bufferCount), n_children: Int64(children.count),
            buffers: UnsafeMutablePointer(mutating: holder.buffers),
            children: children.isEmpty ? nil : holder.children,
            dictionary: nil,
            release: { array in
                guard let array, let raw = array.pointee.private_data else { return }
                Unmanaged<ExportHolder>.fromOpaque(raw).release()
                array.pointee.release = nil
            },
            private_data: Unmanaged.passRetained(holder).toOpaque())
    }

    /// A uint8 array without nulls: the row kinds' bytes, kept alive by the export.
    private static func export(_ rowKinds: RowKindColumn, into array: UnsafeMutablePointer<ArrowArray>) {
        let holder = RowKindExport(rowKinds)
        array.pointee = ArrowArray(
            length: Int64(rowKinds.count), null_count: 0, offset: 0, n_buffers: 2, n_children: 0,
            buffers: holder.buffers, children: nil, dictionary: nil,
            release: { array in
                guard let array, let raw = array.pointee.private_data else { return }
                Unmanaged<RowKindExport>.fromOpaque(raw).release()
                array.pointee.release = nil
            },
            private_data: Unmanaged.passRetained(holder).toOpaque())
    }

    /// Arrow's buffer list for each layout: [validity, values] / [validity, offsets, data] / [validity].
    private static func buffers(of column: Column) -> UnsafeMutablePointer<UnsafeRawPointer?> {
        let list = UnsafeMutablePointer<UnsafeRawPointer?>.allocate(capacity: 3)
        list.initialize(repeating: nil, count: 3)
        list[0] = column.validity.map { bitmapPointer($0, owner: column) } ?? nil
        switch column {
        case let c as PrimitiveColumn<Int8>: list[1] = UnsafeRawPointer(c.values.base)
        case let c as PrimitiveColumn<Int16>: list[1] = UnsafeRawPointer(c.values.base)
        case let c as PrimitiveColumn<Int32>: list[1] = UnsafeRawPointer(c.values.base)
        case let c as PrimitiveColumn<Int64>: list[1] = UnsafeRawPointer(c.values.base)
        case let c as PrimitiveColumn<Float>: list[1] = UnsafeRawPointer(c.values.base)
        case let c as PrimitiveColumn<Double>: list[1] = UnsafeRawPointer(c.values.base)
        case let c as PrimitiveColumn<Int128>: list[1] = UnsafeRawPointer(c.values.base)
        case let c as ListColumn: list[1] = UnsafeRawPointer(c.offsets.base)
        case let c as ObjectColumn: list[1] = UnsafeRawPointer(c.handles.base)
        case let c as BoolColumn: list[1] = bitmapPointer(c.bits, owner: c)
        case let c as StringColumn:
            list[1] = UnsafeRawPointer(c.offsets.base)
            list[2] = UnsafeRawPointer(c.bytes.base) ?? UnsafeRawPointer(emptyBytes)
        default: break
        }
        return list
    }

    /// The words of a bitmap held by a live column. `Bitmap` stores an array the column owns and
    /// does not mutate after the batch is emitted, so its storage address is stable while exported.
    private static func bitmapPointer(_ bitmap: Bitmap, owner: Column) -> UnsafeRawPointer? {
        bitmap.words.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    // Never written: the address Arrow wants for a buffer of no bytes, shared by every thread.
    nonisolated(unsafe) private static let emptyBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)

    static func bufferCount(_ column: Column) -> Int {
        switch column {
        case is StringColumn: return 3
        case is StructColumn: return 1
        case is NullColumn: return 0
        default: return 2
        }
    }
}

/// Keeps an exported column (and the C structures describing it) alive until released.
final class ExportHolder {
    let column: Column
    var buffers: UnsafeMutablePointer<UnsafeRawPointer?>?
    var children: UnsafeMutablePointer<UnsafeMutablePointer<ArrowArray>?>?
    var childCount = 0
    var bufferCount: Int { ArrowExport.bufferCount(column) }

    init(column: Column) { self.column = column }

    deinit {
        for index in 0..<childCount {
            if let child = children?[index] {
                child.pointee.release?(child)
                child.deallocate()
            }
        }
        children?.deallocate()
        buffers?.deallocate()
    }
}

/// Keeps exported row kinds alive until released.
final class RowKindExport {
    let rowKinds: RowKindColumn
    let buffers = UnsafeMutablePointer<UnsafeRawPointer?>.allocate(capacity: 2)

    init(_ rowKinds: RowKindColumn) {
        self.rowKinds = rowKinds
        buffers[0] = nil
        buffers[1] = UnsafeRawPointer(rowKinds.kinds.base)
    }

    deinit { buffers.deallocate() }
}
