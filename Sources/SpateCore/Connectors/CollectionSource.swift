/// `from_collection`: the values of one column (with their row kinds, if any is not an insert),
/// emitted in batches by a single subtask. The column belongs to the graph (which may run more than
/// once), so batches copy out of it.
final class CollectionSource: SourceOperator {
    static let kind = "Source: Collection Source"
    private let contents: RecordBatch
    private var position = 0
    private var indices = Buffer<Int32>()

    /// `rowKinds`, when given, holds a kind for every value.
    init(values: Column, rowKinds: RowKindColumn? = nil) {
        precondition(rowKinds.map { $0.count == values.count } ?? true, "a row kind for every value")
        contents = RecordBatch(values: values, rowKinds: rowKinds)
    }

    deinit { indices.free() }

    func next(maxRows: Int) throws(SpateError) -> RecordBatch? {
        guard position < contents.count else { return nil }
        let count = min(maxRows, contents.count - position)
        indices.removeAll()
        for row in position..<(position + count) { indices.append(Int32(row)) }
        position += count
        return contents.gather(UnsafeBufferPointer(indices.elements), move: false)
    }
}

/// `NumberSequenceSource(start, end)`: the longs start...end (inclusive), split evenly over the
/// source's subtasks.
final class SequenceSource: SourceOperator {
    static let kind = "Source: Sequence Source"
    private let start: Int64
    private let end: Int64
    private var next: Int64 = 0
    private var last: Int64 = -1

    init(start: Int64, end: Int64) {
        self.start = start
        self.end = end
    }

    func open(_ context: OperatorContext) throws(SpateError) {
        guard end >= start else { next = 1; last = 0; return }
        let total = UInt64(bitPattern: end &- start) &+ 1  // 0 means 2^64 values
        let parts = UInt64(context.parallelism)
        let index = UInt64(context.subtaskIndex)
        let share = total == 0 ? (UInt64.max / parts) : total / parts
        let extra = total == 0 ? 0 : total % parts
        let offset = index * share + min(index, extra)
        let length = share + (index < extra ? 1 : 0)
        next = start &+ Int64(bitPattern: offset)
        last = length == 0 ? next &- 1 : next &+ Int64(bitPattern: length - 1)
        if length == 0 { next = 1; last = 0 }
    }

    func next(maxRows: Int) throws(SpateError) -> RecordBatch? {
        guard next <= last, next >= start else { return nil }
        let column = PrimitiveColumn<Int64>(type: .int64, capacity: maxRows)
        let remaining = UInt64(bitPattern: last &- next) &+ 1
        let count = remaining == 0 ? maxRows : Int(min(UInt64(maxRows), remaining))
        let out = column.values.extend(by: count)
        for offset in 0..<count { out[offset] = next &+ Int64(offset) }
        column.count = count
        if next &+ Int64(count) &- 1 == last { next = 1; last = 0 } else { next &+= Int64(count) }
        return RecordBatch(values: column)
    }
}
