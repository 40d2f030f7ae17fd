/// The kind of change a record describes in a changelog (Flink's `RowKind`, PyFlink's
/// `RowKind` values).
public enum RowKind: UInt8, Sendable, CaseIterable {
    case insert = 0
    case updateBefore = 1
    case updateAfter = 2
    case delete = 3

    /// How Flink prints it before a row: `+I[...]`, `-U[...]`, `+U[...]`, `-D[...]`.
    public var shortString: String {
        switch self {
        case .insert: return "+I"
        case .updateBefore: return "-U"
        case .updateAfter: return "+U"
        case .delete: return "-D"
        }
    }
}

/// Each record's `RowKind`, one byte a record, beside a batch's values. A batch without one holds
/// only inserts, so insert-only streams carry nothing. Like columns, it is not modified once the
/// batch holding it has been emitted.
public final class RowKindColumn {
    /// The kinds' raw values (exported to the host as they are).
    public private(set) var kinds: Buffer<UInt8>

    public var count: Int { kinds.count }

    public init(capacity: Int = 0) { kinds = Buffer(capacity: capacity) }

    public convenience init(_ kinds: [RowKind]) {
        self.init(capacity: kinds.count)
        for kind in kinds { append(kind) }
    }

    deinit { kinds.free() }

    @inline(__always)
    public subscript(row: Int) -> RowKind { RowKind(rawValue: kinds[row]) ?? .insert }

    public func append(_ kind: RowKind) { kinds.append(kind.rawValue) }

    /// Makes the kind of record `row` `kind`; the records before it not yet given one are inserts.
    public func set(_ kind: RowKind, at row: Int) {
        pad(to: row + 1)
        kinds[row] = kind.rawValue
    }

    /// Appends inserts until there are `count` kinds.
    public func pad(to count: Int) { kinds.grow(to: count, filling: RowKind.insert.rawValue) }

    /// The kinds of the records at `indices`, in order.
    public func gather(_ indices: UnsafeBufferPointer<Int32>) -> RowKindColumn {
        let result = RowKindColumn(capacity: indices.count)
        let out = result.kinds.extend(by: indices.count)
        for (position, index) in indices.enumerated() { out[position] = kinds[Int(index)] }
        return result
    }
}
