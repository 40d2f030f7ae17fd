/// Splits a batch for a function that may be slow (a Python UDF), so that no slice takes longer
/// than the buffer timeout: a slow function's first results move downstream after one timeout, not
/// after the whole 4096-row batch. Fast functions get the whole batch in one call.
///
/// The cost per row is learned from the calls themselves. An unmeasured function gets a probe of
/// `probeRows` rows (small batches, as tests cut them, go whole), and a slice grows at most to four
/// times the largest one measured, so a few cheap rows cannot make the next slice too big.
///
/// ```swift
/// var pacer = CallPacer(timeoutMillis: context.bufferTimeoutMillis)
/// try pacer.run(batch) { slice throws(SpateError) in try output.emit(try function.apply(slice)) }
/// ```
public struct CallPacer {
    /// What an unmeasured function gets.
    public static let probeRows = 16
    private let budgetNanos: Double?
    private var nanosPerRow: Double?
    private var largestSlice = 0

    /// `timeoutMillis` -1 means output waits until a batch is full: every batch goes whole.
    /// 0 (flush at once) paces to one millisecond, the finest a slice is worth.
    public init(timeoutMillis: Int64) {
        budgetNanos = timeoutMillis < 0 ? nil : Double(max(timeoutMillis, 1)) * 1_000_000
    }

    /// How many of the `remaining` rows the next call should get.
    public mutating func nextSlice(remaining: Int) -> Int {
        guard let budgetNanos, remaining > 1 else { return remaining }
        guard let nanosPerRow else { return min(remaining, Self.probeRows) }
        let fitting = nanosPerRow > 0 ? budgetNanos / nanosPerRow : Double(remaining)
        let grown = Double(largestSlice) * 4
        let rows = Int(min(fitting, grown, Double(remaining)))
        return max(rows, 1)
    }

    /// What a call of `rows` rows cost.
    public mutating func record(rows: Int, nanos: Int64) {
        guard budgetNanos != nil, rows > 0 else { return }
        largestSlice = max(largestSlice, rows)
        let measured = Double(max(nanos, 0)) / Double(rows)
        // Smoothed, but a function that turns slow is believed at once.
        nanosPerRow = nanosPerRow.map { measured > $0 ? measured : 0.5 * $0 + 0.5 * measured } ?? measured
    }

    /// Calls `body` on `batch` whole, or on consecutive slices of it (rows moved, not copied),
    /// timing each call.
    public mutating func run(_ batch: RecordBatch, _ body: (RecordBatch) throws(SpateError) -> Void) throws(SpateError) {
        var rows = nextSlice(remaining: batch.count)
        if rows == batch.count {
            try timed(batch, rows: rows, body)
            return
        }
        var start = 0
        var indices = Buffer<Int32>(capacity: rows)
        defer { indices.free() }
        while start < batch.count {
            indices.removeAll()
            for row in start..<start + rows { indices.append(Int32(row)) }
            try timed(batch.gather(UnsafeBufferPointer(indices.elements)), rows: rows, body)
            start += rows
            rows = nextSlice(remaining: batch.count - start)
        }
    }

    private mutating func timed(_ slice: RecordBatch, rows: Int, _ body: (RecordBatch) throws(SpateError) -> Void) throws(SpateError) {
        let started = monotonicNanos()
        try body(slice)
        record(rows: rows, nanos: monotonicNanos() - started)
    }
}
