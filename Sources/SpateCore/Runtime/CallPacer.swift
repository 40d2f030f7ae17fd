/// Splits a batch for a function that may be slow (a Python UDF), so that no slice takes longer
/// than the buffer timeout: a slow function's first results move downstream after one timeout (or
/// one row, if a row takes longer), not after the whole 4096-row batch. Fast functions get the
/// whole batch in one call.
///
/// The cost per row is learned from the calls themselves. An unmeasured function gets a probe of
/// one row, and a slice grows at most to four times the largest one measured, so a few cheap rows
/// cannot make the next slice too big: a fast function reaches whole batches after a handful of
/// calls, and a slow one never holds more than a row's worth before its cost is known (a probe of
/// 16 rows held a 0.3 s-a-row map's first results for 4.8 s).
///
/// PyFlink's `python.fn-execution.bundle.size` and `.bundle.time`, when configured, bound the
/// slices too: at most that many rows, at most that long (as PyFlink flushes a bundle).
///
/// ```swift
/// var pacer = CallPacer(for: context)
/// try pacer.run(batch, flushing: output) { slice throws(SpateError) in try output.emit(try function.apply(slice)) }
/// ```
public struct CallPacer {
    /// What an unmeasured function gets.
    public static let probeRows = 1
    private let budgetNanos: Double?
    private let maxRows: Int
    private let probeRows: Int
    private var nanosPerRow: Double?
    private var largestSlice = 0

    /// `timeoutMillis` -1 means output waits until a batch is full: every batch goes whole (unless
    /// a bundle time bounds it). 0 (flush at once) paces to one millisecond, the finest a slice is
    /// worth. `bundleSize` bounds every slice's rows, `bundleTimeMillis` its time. `probeRows`: the
    /// first call's rows (more for a function whose rows run concurrently, such as async I/O).
    public init(timeoutMillis: Int64, bundleSize: Int? = nil, bundleTimeMillis: Int64? = nil,
                probeRows: Int = CallPacer.probeRows) {
        self.probeRows = max(probeRows, 1)
        let timeout: Int64? = timeoutMillis < 0 ? nil : max(timeoutMillis, 1)
        let budget = [timeout, bundleTimeMillis].compactMap { $0 }.min()
        budgetNanos = budget.map { Double($0) * 1_000_000 }
        maxRows = max(bundleSize ?? .max, 1)
    }

    /// The pacer for an operator's host function: its buffer timeout and the job's bundle settings.
    public init(for context: OperatorContext, probeRows: Int = CallPacer.probeRows) {
        self.init(timeoutMillis: context.bufferTimeoutMillis, bundleSize: context.bundleSize,
                  bundleTimeMillis: context.bundleTimeMillis, probeRows: probeRows)
    }

    /// How many of the `remaining` rows the next call should get.
    public func nextSlice(remaining: Int) -> Int {
        min(unboundedSlice(remaining: remaining), maxRows)
    }

    private func unboundedSlice(remaining: Int) -> Int {
        guard let budgetNanos, remaining > 1 else { return remaining }
        guard let nanosPerRow else { return min(remaining, probeRows) }
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
    /// timing each call. After a call that took the whole budget, `output` sends on what it holds:
    /// those results have waited a buffer timeout already.
    public mutating func run(_ batch: RecordBatch, flushing output: Collector,
                             _ body: (RecordBatch) throws(SpateError) -> Void) throws(SpateError) {
        var rows = nextSlice(remaining: batch.count)
        if rows == batch.count {
            try timed(batch, rows: rows, output, body)
            return
        }
        var start = 0
        var indices = Buffer<Int32>(capacity: rows)
        defer { indices.free() }
        while start < batch.count {
            indices.removeAll()
            for row in start..<start + rows { indices.append(Int32(row)) }
            try timed(batch.gather(UnsafeBufferPointer(indices.elements)), rows: rows, output, body)
            start += rows
            rows = nextSlice(remaining: batch.count - start)
        }
    }

    private mutating func timed(_ slice: RecordBatch, rows: Int, _ output: Collector,
                                _ body: (RecordBatch) throws(SpateError) -> Void) throws(SpateError) {
        let started = monotonicNanos()
        try body(slice)
        let nanos = monotonicNanos() - started
        record(rows: rows, nanos: nanos)
        if let budgetNanos, Double(nanos) >= budgetNanos { try output.flush() }
    }
}
