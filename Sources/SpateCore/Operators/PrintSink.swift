/// `DataStream.print()`: one line per record, prefixed `k> ` (k = subtask index + 1) when the sink
/// runs with parallelism above 1, written through the host's standard output.
final class PrintSink: StreamOperator {
    static let kind = "Sink: Print to Std. Out"
    private var prefix = ""
    private let identifier: String?

    init(identifier: String?) { self.identifier = identifier }

    func open(_ context: OperatorContext) throws(SpateError) {
        let index = context.subtaskIndex + 1
        switch (identifier, context.parallelism > 1) {
        case (let id?, true): prefix = "\(id):\(index)> "
        case (let id?, false): prefix = "\(id)> "
        case (nil, true): prefix = "\(index)> "
        case (nil, false): prefix = ""
        }
    }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        var format = PrintFormat()
        var text = ""
        for row in 0..<batch.count {
            text += prefix
            text += try format.line(batch.values, row: row)
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
        guard let queue, queue.put(RecordBatch(values: batch.values)) else {
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
        counter.add(batch.count)
    }
}

/// A thread-safe record count.
public final class RecordCounter: @unchecked Sendable {
    private let monitor = Monitor()
    private var total = 0
    public init() {}
    func add(_ n: Int) { monitor.withLock { total += n } }
    public var value: Int { monitor.withLock { total } }
}
