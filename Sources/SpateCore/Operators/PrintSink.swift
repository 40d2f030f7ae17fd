/// `DataStream.print()`: one line per record, prefixed `k> ` (k = subtask index + 1) when the sink
/// runs with parallelism above 1, written through the host's standard output.
final class PrintSink: StreamOperator {
    static let kind = "Sink: Print to Std. Out"
    private var prefix = ""
    private let identifier: String?

    init(identifier: String?) { self.identifier = identifier }

    func open(_ context: OperatorContext) throws(SpateError) { prefix = Self.prefix(identifier, context) }

    /// Flink's prefix of a printed line: `id> `, `k> ` or `id:k> ` (k = subtask index + 1, shown
    /// when the sink runs with parallelism above 1), or none.
    static func prefix(_ identifier: String?, _ context: OperatorContext) -> String {
        let index = context.subtaskIndex + 1
        switch (identifier, context.parallelism > 1) {
        case (let id?, true): return "\(id):\(index)> "
        case (let id?, false): return "\(id)> "
        case (nil, true): return "\(index)> "
        case (nil, false): return ""
        }
    }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        var format = PrintFormat()
        var text = ""
        for row in 0..<batch.count {
            text += prefix
            text += try format.line(batch.values, row: row, kind: batch.rowKind(row))
            text += "\n"
        }
        try HostServices.shared.writeStdout(text)
    }
}

/// `execute_and_collect()`: hands batches to the embedding program through a `CollectQueue`.
final class CollectSink: StreamOperator {
    static let kind = "Collect Sink"
    private var queue: CollectQueue?

    func open(_ context: OperatorContext) throws(SpateError) { queue = context.collectQueue }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        guard let queue, queue.put(RecordBatch(values: batch.values, rowKinds: batch.rowKinds)) else {
            throw SpateError(.cancelled, "the job was cancelled")
        }
    }

    func endOfInput(output: Collector) throws(SpateError) { queue?.producerEnded() }
}

/// Consumes records and counts them (benchmarks and tests of pure throughput).
final class DiscardSink: StreamOperator {
    static let kind = "Discard Sink"
    let counter: RecordCounter
    init(counter: RecordCounter) { self.counter = counter }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        var sum: Int64 = 0
        if let numbers = batch.values as? PrimitiveColumn<Int64> {
            let values = numbers.values
            for row in 0..<numbers.count { sum &+= values[row] }
        }
        counter.add(batch.count, sum: sum)
    }
}

/// A thread-safe record count, with the sum of the Int64 values counted (a checksum).
// @unchecked: its counts are read and written only under `monitor`.
public final class RecordCounter: @unchecked Sendable {
    private let monitor = Monitor()
    private var total = 0
    private var valueSum: Int64 = 0
    public init() {}
    func add(_ n: Int, sum: Int64 = 0) {
        monitor.withLock {
            total += n
            valueSum &+= sum
        }
    }
    public var value: Int { monitor.withLock { total } }
    public var sum: Int64 { monitor.withLock { valueSum } }
}
