/// Where collect sinks put results for the embedding program to read while the job runs.
// @unchecked: `producersLeft` is touched only under `monitor`; batches cross threads through the
// channel, handed over whole.
public final class CollectQueue: @unchecked Sendable {
    private let channel = Channel<RecordBatch?>(capacity: 64)
    private let monitor = Monitor()
    private var producersLeft: Int

    init(producers: Int) { producersLeft = producers }

    func put(_ batch: RecordBatch) -> Bool { channel.send(batch) }

    /// One producer has ended; the last one ends the queue.
    func producerEnded() {
        let last = monitor.withLock { () -> Bool in
            producersLeft -= 1
            return producersLeft == 0
        }
        if last { _ = channel.send(nil) }
    }

    func close() { channel.close() }

    public enum Next {
        case batch(RecordBatch)
        case end
        case timedOut
    }

    /// The next batch, `.end` after the last, or `.timedOut` if none came within `timeoutMillis`.
    public func next(timeoutMillis: Int64?) -> Next {
        switch channel.receive(until: timeoutMillis.map { monotonicMillis() + $0 }) {
        case .item(let batch?): return .batch(batch)
        case .item(nil):
            channel.close()
            return .end
        case .closed: return .end
        case .timedOut: return .timedOut
        }
    }
}
