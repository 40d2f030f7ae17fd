/// A batch of records moving between operators: the values column, and optionally each record's key
/// (set by `key_by`), event timestamp and row kind. (Key groups are worked out where a keyed edge partitions,
/// by `RecordWriter`: nothing else needs them.)
///
/// Operators never modify a batch they receive: they build new columns. A batch is consumed by one
/// operator; where a stream feeds several, each gets its own `copy()`.
public final class RecordBatch {
    public var values: Column
    /// The key of each record, present on keyed streams.
    public var keys: Column?
    /// Event timestamps in milliseconds, when the stream has them.
    public var timestamps: PrimitiveColumn<Int64>?
    /// Each record's kind of change; nil: every record is an insert (`+I`).
    public var rowKinds: RowKindColumn?
    /// Records for the producing operator's side outputs, by their index there (`OutputTag`s).
    public var sideOutputs: [Int: RecordBatch] = [:]

    public var count: Int { values.count }
    /// No records, neither in the main output nor in a side output.
    public var isEmpty: Bool { values.count == 0 && sideOutputs.isEmpty }

    public init(values: Column, keys: Column? = nil, timestamps: PrimitiveColumn<Int64>? = nil,
                rowKinds: RowKindColumn? = nil) {
        self.values = values
        self.keys = keys
        self.timestamps = timestamps
        self.rowKinds = rowKinds
    }

    /// A changelog's rows of `kinds`: no kind column when every row is an insert.
    public convenience init(values: Column, kinds: [RowKind]) {
        self.init(values: values, rowKinds: kinds.allSatisfy { $0 == .insert } ? nil : RowKindColumn(kinds))
    }

    /// The kind of record `row`.
    @inline(__always)
    public func rowKind(_ row: Int) -> RowKind { rowKinds?[row] ?? .insert }

    /// The rows at `indices`. With `move`, this batch is being consumed and gives up its objects.
    public func gather(_ indices: UnsafeBufferPointer<Int32>, move: Bool = true) -> RecordBatch {
        RecordBatch(values: values.gather(indices, move: move), keys: keys?.gather(indices, move: move),
                    timestamps: timestamps.map { $0.gather(indices, move: move) as! PrimitiveColumn<Int64> },
                    rowKinds: rowKinds?.gather(indices))
    }

    /// An independent copy holding its own object references.
    public func copy() -> RecordBatch {
        var all = Buffer<Int32>(capacity: count)
        for row in 0..<count { all.append(Int32(row)) }
        defer { all.free() }
        return gather(UnsafeBufferPointer(all.elements), move: false)
    }
}
