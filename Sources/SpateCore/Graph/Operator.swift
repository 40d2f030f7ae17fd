/// What an operator subtask knows about where it runs.
public struct OperatorContext: Sendable {
    public var operatorName: String
    public var subtaskIndex: Int
    public var parallelism: Int
    public var maxParallelism: Int
    public var runtimeMode: RuntimeMode
    /// For collect sinks: where their results go.
    public var collectQueue: CollectQueue?
    /// Processing time (the system clock unless a test injects one).
    public var clock: ProcessingClock = SystemClock()
    /// How long output may wait before it moves on (`set_buffer_timeout`; -1: until a batch is full).
    public var bufferTimeoutMillis: Int64 = 100
    /// The job's checkpoints, when checkpointing is enabled: sinks commit output when one completes.
    public var checkpoints: CheckpointCoordinator?
    /// How many records, and how long, a host function's results may be held at most (PyFlink's
    /// `python.fn-execution.bundle.size` and `.bundle.time`); nil when not configured.
    public var bundleSize: Int?
    public var bundleTimeMillis: Int64?
}

/// Where an operator sends what it produces.
public protocol Collector: AnyObject {
    func emit(_ batch: RecordBatch) throws(SpateError)
    /// Sends event time forward: no record with a timestamp at or below `watermark` follows.
    func emitWatermark(_ watermark: Int64) throws(SpateError)
    /// Says the stream is idle: downstream event time should not wait for it.
    func emitIdle() throws(SpateError)
    /// Passes checkpoint `checkpointID`'s barrier on: every record emitted before it belongs to it.
    func emitBarrier(_ checkpointID: Int64) throws(SpateError)
    /// Sends on what waits to fill a batch: the producer has been busy for a buffer timeout (a slow
    /// function), so what it emitted has waited long enough.
    func flush() throws(SpateError)
}

extension Collector {
    /// Collectors that end a stream (sinks, test recorders) have nothing to tell.
    public func emitIdle() throws(SpateError) {}
    public func emitBarrier(_ checkpointID: Int64) throws(SpateError) {}
    public func flush() throws(SpateError) {}
}

/// One subtask of a non-source operator. Hooks have defaults so operators override what they need.
public protocol StreamOperator: AnyObject {
    func open(_ context: OperatorContext) throws(SpateError)
    /// Processes a batch from logical input `input` (0 for one-input operators).
    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError)
    /// Event time advanced to `watermark` (the minimum over every input channel). Operators with
    /// event-time state fire what is due, then forward it.
    func processWatermark(_ watermark: Int64, output: Collector) throws(SpateError)
    /// Every input of the operator is idle (`with_idleness`): by default, say so downstream.
    func processIdle(output: Collector) throws(SpateError)
    /// Checkpoint `checkpointID`'s barrier arrived on every input (after everything before it): by
    /// default, pass it on. Sinks that commit output (files) prepare it for the checkpoint here.
    func processBarrier(_ checkpointID: Int64, output: Collector) throws(SpateError)
    /// Every input has ended: emit what is still held (batch-mode results).
    func endOfInput(output: Collector) throws(SpateError)
    /// Called once at the end, after success or failure. A failure here fails the job (as in
    /// Flink: a function's close() that raises), unless it already failed.
    func close() throws(SpateError)
}

extension StreamOperator {
    public func open(_ context: OperatorContext) throws(SpateError) {}
    public func processWatermark(_ watermark: Int64, output: Collector) throws(SpateError) {
        try output.emitWatermark(watermark)
    }
    public func processIdle(output: Collector) throws(SpateError) { try output.emitIdle() }
    public func processBarrier(_ checkpointID: Int64, output: Collector) throws(SpateError) {
        try output.emitBarrier(checkpointID)
    }
    public func endOfInput(output: Collector) throws(SpateError) {}
    public func close() {}
}

/// An operator with processing-time timers. Its subtask wakes it when the clock reaches
/// `nextProcessingTime`; at the end of input, timers not yet due are dropped (Flink quiesces
/// processing-time timers when a task finishes).
public protocol ProcessingTimeOperator: StreamOperator {
    /// The earliest processing time (ms since the epoch) at which the operator has work, if any.
    var nextProcessingTime: Int64? { get }
    /// The clock reads `now`: fire what is due.
    func onProcessingTime(_ now: Int64, output: Collector) throws(SpateError)
}

/// One subtask of a source: produces batches until it is exhausted.
public protocol SourceOperator: AnyObject {
    func open(_ context: OperatorContext) throws(SpateError)
    /// The next batch of at most `maxRows` records, or nil when the source is exhausted.
    func next(maxRows: Int) throws(SpateError) -> RecordBatch?
    func close()
}

extension SourceOperator {
    public func open(_ context: OperatorContext) throws(SpateError) {}
    public func close() {}
}

public enum RuntimeMode: String, Sendable {
    case streaming = "STREAMING"
    case batch = "BATCH"
}

/// Closes every one of `parts` (nil: none there) even when one fails, then throws the first failure.
public func closeAll(_ parts: [(() throws(SpateError) -> Void)?]) throws(SpateError) {
    var failure: SpateError?
    for case let close? in parts {
        do throws(SpateError) { try close() } catch { failure = failure ?? error }
    }
    if let failure { throw failure }
}
