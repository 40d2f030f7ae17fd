/// A column of opaque host objects (Python objects): one handle each, owned by the column.
///
/// Spate never looks inside an object. The column holds one reference per non-zero handle and gives
/// it back through `HostServices` when it dies. Handles are moved, not copied, when a consumed column
/// is split (filter, partitioning), so the hot path never needs the host's lock.
public final class ObjectColumn: Column {
    public var handles = Buffer<UInt64>()

    public init(type: DataType = .object, capacity: Int = 0) {
        handles.reserve(capacity)
        super.init(type: type)
    }

    deinit {
        HostServices.shared.releaseLive(handles.elements)
        handles.free()
    }

    public subscript(row: Int) -> UInt64 { handles[row] }

    public override func appendNull() {
        handles.append(0)
        noteAppended(valid: false)
    }

    public override func appendObject(_ handle: UInt64) throws(SpateError) {
        handles.append(handle)
        noteAppended(valid: handle != 0)
    }

    public override func append(from other: Column, row: Int) {
        let source = unsafeDowncast(other, to: ObjectColumn.self)
        let handle = source.handles[row]
        if handle != 0 { HostServices.shared.retainObjects([handle]) }
        handles.append(handle)
        noteAppended(valid: handle != 0)
    }

    public override func appendRows(from other: Column, count: Int) {
        let source = unsafeDowncast(other, to: ObjectColumn.self)
        var live: [UInt64] = []
        for row in 0..<count {
            let handle = source.handles[row]
            handles.append(handle)
            noteAppended(valid: handle != 0)
            if handle != 0 { live.append(handle) }
        }
        if !live.isEmpty { HostServices.shared.retainObjects(live) }
    }

    public override func gather(_ indices: UnsafeBufferPointer<Int32>, move: Bool) -> Column {
        let result = ObjectColumn(type: type, capacity: indices.count)
        var increasing = move
        var previous: Int32 = -1
        for index in indices where increasing {
            if index <= previous { increasing = false }
            previous = index
        }
        for index in indices { result.handles.append(handles[Int(index)]) }
        if increasing {
            for index in indices { handles[Int(index)] = 0 }
        } else {
            HostServices.shared.retainLive(result.handles.elements)
        }
        result.count = indices.count
        result.validity = gatherValidity(indices)
        return result
    }

    /// A copy holding its own references (used when one batch feeds several consumers).
    public func retainedCopy() -> ObjectColumn {
        let result = ObjectColumn(type: type, capacity: count)
        result.handles.append(contentsOf: UnsafeBufferPointer(handles.elements))
        result.count = count
        result.validity = validity
        HostServices.shared.retainLive(handles.elements)
        return result
    }
}
