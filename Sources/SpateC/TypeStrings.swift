import CSpate
import SpateCore

/// Type strings for the host: Spate's one parser (`DataType(parsing:)`), its result handed over as
/// nodes in pre-order, so the host never parses type strings itself.
@_cdecl("spate_type_parse")
public func spate_type_parse(_ text: UnsafePointer<CChar>?, _ nodes: UnsafeMutablePointer<spate_type_node>?,
                             _ capacity: Int32, _ count: UnsafeMutablePointer<Int32>?) -> spate_status {
    withStatus { () throws(SpateError) in
        guard let count, capacity >= 0, capacity == 0 || nodes != nil else {
            throw SpateError(.invalidArgument, "count must not be NULL and nodes must hold capacity entries")
        }
        let type = try DataType(parsing: try string(text, "text"))
        var flat: [(node: spate_type_node, name: String?, type: DataType)] = []
        flatten(type, name: nil, into: &flat)
        TypeNames.keep(flat.map(\.name) + flat.map { $0.type.declaration } + flat.map { keyword(of: $0.type) })
        for (index, entry) in flat.enumerated() where index < Int(capacity) {
            nodes![index] = entry.node
            nodes![index].name = TypeNames.pointer(index)
            nodes![index].declaration = TypeNames.pointer(flat.count + index)
            nodes![index].keyword = TypeNames.pointer(2 * flat.count + index)
        }
        count.pointee = Int32(flat.count)
    }
}

/// The keyword a type string spells the type with (`i64`, `decimal`, `row`). Not cut from the
/// whole type string: that would cost the subtree's length at every level of a deep type.
private func keyword(of type: DataType) -> String {
    switch type.base {
    case .list: "list"
    case .map: "map"
    case .multiset: "multiset"
    case .tuple: "tuple"
    case .row: "row"
    case .decimal: "decimal"
    case .time: "time"
    case .timestamp: "timestamp"
    case .timestampLTZ: "timestamp_ltz"
    case let leaf: leaf.description
    }
}

/// `type` and its children, in pre-order.
private func flatten(_ type: DataType, name: String?, into flat: inout [(node: spate_type_node, name: String?, type: DataType)]) {
    var node = spate_type_node()
    var children: [(DataType, String?)] = []
    var inner = type
    switch type {
    case .notNull(let wrapped): (node.not_null, inner) = (1, wrapped)
    case .nullable(let wrapped): (node.nullable, inner) = (1, wrapped)
    default: break
    }
    let kind: spate_type_kind
    switch inner {
    case .bool: kind = SPATE_TYPE_BOOL
    case .int8: kind = SPATE_TYPE_I8
    case .int16: kind = SPATE_TYPE_I16
    case .int32: kind = SPATE_TYPE_I32
    case .int64: kind = SPATE_TYPE_I64
    case .float32: kind = SPATE_TYPE_F32
    case .float64: kind = SPATE_TYPE_F64
    case .string: kind = SPATE_TYPE_STR
    case .object: kind = SPATE_TYPE_OBJ
    case .char: kind = SPATE_TYPE_CHAR
    case .binary: kind = SPATE_TYPE_BYTES
    case .bigInteger: kind = SPATE_TYPE_BIGINT
    case .bigDecimal: kind = SPATE_TYPE_BIGDEC
    case .decimal(let precision, let scale): (kind, node.precision, node.scale) = (SPATE_TYPE_DECIMAL, Int32(precision), Int32(scale))
    case .date: kind = SPATE_TYPE_DATE
    case .time(let precision): (kind, node.precision) = (SPATE_TYPE_TIME, Int32(precision))
    case .timestamp(let precision): (kind, node.precision) = (SPATE_TYPE_TIMESTAMP, Int32(precision))
    case .timestampLTZ(let precision): (kind, node.precision) = (SPATE_TYPE_TIMESTAMP_LTZ, Int32(precision))
    case .instant: kind = SPATE_TYPE_INSTANT
    case .intervalYearMonth: kind = SPATE_TYPE_INTERVAL_YM
    case .intervalDayTime: kind = SPATE_TYPE_INTERVAL_DT
    case .list(let element): (kind, children) = (SPATE_TYPE_LIST, [(element, nil)])
    case .map(let key, let value): (kind, children) = (SPATE_TYPE_MAP, [(key, nil), (value, nil)])
    case .multiset(let element): (kind, children) = (SPATE_TYPE_MULTISET, [(element, nil)])
    case .null: kind = SPATE_TYPE_NULL
    case .tuple(let types): (kind, children) = (SPATE_TYPE_TUPLE, types.map { ($0, nil) })
    case .row(let fields): (kind, children) = (SPATE_TYPE_ROW, fields.map { ($0.type, $0.name) })
    case .notNull, .nullable: kind = SPATE_TYPE_NULL  // unreachable: the parser wraps once
    }
    node.kind = Int32(kind.rawValue)
    node.n_children = Int32(children.count)
    flat.append((node, name, type))
    for (child, childName) in children { flatten(child, name: childName, into: &flat) }
}

/// The texts of this thread's last parse (field names, declarations), kept until its next (as
/// `spate_last_error`): one allocation holding a pointer per text (NULL for none), then their bytes.
private enum TypeNames {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { raw in free(raw) }
        return key
    }()

    static func keep(_ names: [String?]) {
        free(pthread_getspecific(key))
        let table = names.count * MemoryLayout<UnsafePointer<CChar>?>.stride
        let bytes = names.reduce(0) { $0 + ($1.map { $0.utf8.count + 1 } ?? 0) }
        guard let block = malloc(max(table + bytes, 1)) else {
            pthread_setspecific(key, nil)
            return
        }
        let pointers = block.bindMemory(to: UnsafePointer<CChar>?.self, capacity: names.count)
        var text = (block + table).bindMemory(to: CChar.self, capacity: bytes)
        for (index, name) in names.enumerated() {
            guard let name else {
                pointers[index] = nil
                continue
            }
            pointers[index] = UnsafePointer(text)
            for byte in name.utf8 {
                text.pointee = CChar(bitPattern: byte)
                text += 1
            }
            text.pointee = 0
            text += 1
        }
        pthread_setspecific(key, block)
    }

    static func pointer(_ index: Int) -> UnsafePointer<CChar>? {
        guard let block = pthread_getspecific(key) else { return nil }
        return block.assumingMemoryBound(to: UnsafePointer<CChar>?.self)[index]
    }
}

#if canImport(Glibc)
import Glibc
#endif
