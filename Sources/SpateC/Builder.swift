import CSpate
import SpateCore

/// The object behind a `spate_builder *`: a column being built, with handles for its children.
final class ColumnBuilder {
    let column: Column
    /// Made when first asked for: a builder of a type nested n deep has n nested builders, and
    /// writing every one's type string would cost n² for nothing.
    private var typeTextStorage: UnsafeMutablePointer<CChar>?
    var typeText: UnsafeMutablePointer<CChar> {
        if let text = typeTextStorage { return text }
        let text = strdup(column.type.description)!
        typeTextStorage = text
        return text
    }
    /// The column as the concrete type of the commonest appends, found once: a call through the
    /// generic class's vtable looks up its type metadata on every value.
    let int64Column: PrimitiveColumn<Int64>?
    let float64Column: PrimitiveColumn<Double>?
    let children: [ColumnBuilder]
    /// The children's borrowed handles, for `spate_builder_child` (called per field of every row):
    /// a load, without touching reference counts.
    private let childHandles: UnsafeMutableBufferPointer<OpaquePointer>
    private let childCount: Int
    /// The kinds of the values appended (`spate_builder_set_row_kind`); nil until one is not an insert.
    private var kinds: RowKindColumn?

    init(column: Column) {
        self.column = column
        int64Column = column as? PrimitiveColumn<Int64>
        float64Column = column as? PrimitiveColumn<Double>
        if let structure = column as? StructColumn {
            children = structure.fields.map(ColumnBuilder.init(column:))
        } else if let list = column as? ListColumn {
            children = [ColumnBuilder(column: list.elements)]
        } else {
            children = []
        }
        childCount = children.count
        childHandles = .allocate(capacity: Swift.max(children.count, 1))
        for (index, child) in children.enumerated() { childHandles[index] = child.unretainedHandle }
    }

    deinit {
        free(typeTextStorage)
        childHandles.deallocate()
    }

    /// The handle of child `index`, or nil.
    @inline(__always)
    func childHandle(_ index: Int) -> OpaquePointer? {
        index >= 0 && index < childCount ? childHandles[index] : nil
    }

    static func from(_ pointer: OpaquePointer?) -> ColumnBuilder? { object(pointer, as: ColumnBuilder.self) }

    /// Records the kind of the value last appended.
    func setRowKind(_ kind: RowKind) throws(SpateError) {
        guard column.count > 0 else { throw SpateError(.invalidArgument, "a row kind needs a value appended before it") }
        guard kind != .insert || kinds != nil else { return }
        let kinds = self.kinds ?? RowKindColumn(capacity: column.count)
        kinds.set(kind, at: column.count - 1)
        self.kinds = kinds
    }

    /// A kind for every value appended, or nil when all are inserts.
    var rowKinds: RowKindColumn? {
        kinds?.pad(to: column.count)
        return kinds
    }

    /// A borrowed handle (valid while the builder lives).
    var unretainedHandle: OpaquePointer { OpaquePointer(Unmanaged.passUnretained(self).toOpaque()) }
}

#if canImport(Glibc)
import Glibc
#endif

@_cdecl("spate_builder_create")
public func spate_builder_create(_ type: UnsafePointer<CChar>?, _ out: UnsafeMutablePointer<OpaquePointer?>?) -> spate_status {
    withStatus { () throws(SpateError) in
        guard let out else { throw SpateError(.invalidArgument, "out must not be NULL") }
        let dataType = try DataType(parsing: try string(type, "type"))
        out.pointee = handle(retaining: ColumnBuilder(column: Column.make(dataType)))
    }
}

@_cdecl("spate_builder_destroy")
public func spate_builder_destroy(_ builder: OpaquePointer?) { release(builder, as: ColumnBuilder.self) }

@_cdecl("spate_builder_type")
public func spate_builder_type(_ builder: OpaquePointer?) -> UnsafePointer<CChar>? {
    ColumnBuilder.from(builder).map { UnsafePointer($0.typeText) }
}

@_cdecl("spate_builder_length")
public func spate_builder_length(_ builder: OpaquePointer?) -> Int64 {
    Int64(ColumnBuilder.from(builder)?.column.count ?? 0)
}

@_cdecl("spate_builder_child")
public func spate_builder_child(_ builder: OpaquePointer?, _ index: Int32) -> OpaquePointer? {
    guard let builder else { return nil }
    return Unmanaged<ColumnBuilder>.fromOpaque(UnsafeRawPointer(builder))._withUnsafeGuaranteedRef { parent in
        parent.childHandle(Int(index))
    }
}

/// Appends through a builder handle, reporting a NULL handle or a mismatch as a status.
@inline(__always)
private func appending(_ builder: OpaquePointer?, _ body: (Column) throws(SpateError) -> Void) -> spate_status {
    guard let builder else {
        LastError.set("builder must not be NULL")
        return SPATE_ERROR
    }
    // The caller holds the builder alive for the call: borrow it without retain/release.
    return Unmanaged<ColumnBuilder>.fromOpaque(UnsafeRawPointer(builder))._withUnsafeGuaranteedRef { target in
        withStatus { () throws(SpateError) in try body(target.column) }
    }
}

@_cdecl("spate_builder_append_null")
public func spate_builder_append_null(_ builder: OpaquePointer?) -> spate_status {
    appending(builder) { column throws(SpateError) in
        guard column.type.isNullable else {
            throw SpateError(.typeMismatch, "a null where \(column.type.flinkName) is declared")
        }
        column.appendNull()
    }
}

@_cdecl("spate_builder_append_bool")
public func spate_builder_append_bool(_ builder: OpaquePointer?, _ value: Int32) -> spate_status {
    appending(builder) { column throws(SpateError) in try column.appendBool(value != 0) }
}

@_cdecl("spate_builder_append_int")
public func spate_builder_append_int(_ builder: OpaquePointer?, _ value: Int64) -> spate_status {
    if let builder, let numbers = Unmanaged<ColumnBuilder>.fromOpaque(UnsafeRawPointer(builder))
        ._withUnsafeGuaranteedRef({ $0.int64Column }) {
        numbers.append(value)
        return SPATE_OK
    }
    return appending(builder) { column throws(SpateError) in try column.appendInt(value) }
}

@_cdecl("spate_builder_append_float")
public func spate_builder_append_float(_ builder: OpaquePointer?, _ value: Double) -> spate_status {
    if let builder, let numbers = Unmanaged<ColumnBuilder>.fromOpaque(UnsafeRawPointer(builder))
        ._withUnsafeGuaranteedRef({ $0.float64Column }) {
        numbers.append(value)
        return SPATE_OK
    }
    return appending(builder) { column throws(SpateError) in try column.appendFloat(value) }
}

@_cdecl("spate_builder_append_str")
public func spate_builder_append_str(_ builder: OpaquePointer?, _ utf8: UnsafePointer<CChar>?, _ length: Int64) -> spate_status {
    appending(builder) { column throws(SpateError) in
        guard length >= 0, utf8 != nil || length == 0 else { throw SpateError(.invalidArgument, "invalid string") }
        try column.appendString(UnsafeRawBufferPointer(start: utf8, count: Int(length)))
    }
}

@_cdecl("spate_builder_append_object")
public func spate_builder_append_object(_ builder: OpaquePointer?, _ handle: UInt64) -> spate_status {
    appending(builder) { column throws(SpateError) in try column.appendObject(handle) }
}

@_cdecl("spate_builder_append_struct")
public func spate_builder_append_struct(_ builder: OpaquePointer?) -> spate_status {
    appending(builder) { column throws(SpateError) in try column.appendStruct() }
}

@_cdecl("spate_builder_append_ints")
public func spate_builder_append_ints(_ builder: OpaquePointer?, _ values: UnsafePointer<Int64>?, _ count: Int64) -> spate_status {
    appending(builder) { column throws(SpateError) in
        guard count >= 0, values != nil || count == 0 else { throw SpateError(.invalidArgument, "invalid values") }
        try column.appendInts(UnsafeBufferPointer(start: values, count: Int(count)))
    }
}

@_cdecl("spate_builder_append_floats")
public func spate_builder_append_floats(_ builder: OpaquePointer?, _ values: UnsafePointer<Double>?, _ count: Int64) -> spate_status {
    appending(builder) { column throws(SpateError) in
        guard count >= 0, values != nil || count == 0 else { throw SpateError(.invalidArgument, "invalid values") }
        try column.appendFloats(UnsafeBufferPointer(start: values, count: Int(count)))
    }
}

@_cdecl("spate_builder_append_bytes")
public func spate_builder_append_bytes(_ builder: OpaquePointer?, _ data: UnsafeRawPointer?, _ length: Int64) -> spate_status {
    appending(builder) { column throws(SpateError) in
        guard length >= 0, data != nil || length == 0 else { throw SpateError(.invalidArgument, "invalid bytes") }
        try column.appendString(UnsafeRawBufferPointer(start: data, count: Int(length)))
    }
}

@_cdecl("spate_builder_append_int128")
public func spate_builder_append_int128(_ builder: OpaquePointer?, _ low: UInt64, _ high: Int64) -> spate_status {
    appending(builder) { column throws(SpateError) in
        try column.appendInt128(Int128(high) << 64 | Int128(low))
    }
}

@_cdecl("spate_builder_append_list")
public func spate_builder_append_list(_ builder: OpaquePointer?) -> spate_status {
    appending(builder) { column throws(SpateError) in try column.appendList() }
}

@_cdecl("spate_builder_set_row_kind")
public func spate_builder_set_row_kind(_ builder: OpaquePointer?, _ kind: Int32) -> spate_status {
    withStatus { () throws(SpateError) in
        guard let target = ColumnBuilder.from(builder) else { throw SpateError(.invalidArgument, "builder must not be NULL") }
        guard let rowKind = UInt8(exactly: kind).flatMap(RowKind.init(rawValue:)) else {
            throw SpateError(.invalidArgument, "row kind \(kind) is not 0 (+I), 1 (-U), 2 (+U) or 3 (-D)")
        }
        try target.setRowKind(rowKind)
    }
}
