import Glibc
import Synchronization

/// The built-in metrics of one operator in one subtask (Flink's numRecordsIn, numRecordsOut,
/// currentInputWatermark, currentOutputWatermark). The subtask's thread adds to them once per
/// batch or watermark, never per record; a reporter reads them racily (relaxed atomics).
public final class OperatorMetrics: Sendable {
    public let node: Int
    let recordsIn = Atomic<Int64>(0)
    let recordsOut = Atomic<Int64>(0)
    let inputWatermark = Atomic<Int64>(Int64.min)
    let outputWatermark = Atomic<Int64>(Int64.min)

    init(node: Int) { self.node = node }
}

/// The metrics of one subtask (Flink's task): its operators' and where its thread's time went.
/// Idle is time spent waiting for input, back-pressured time blocked sending to a full inbox
/// downstream; the rest since the subtask started is busy.
public final class SubtaskMetrics: Sendable {
    public let subtask: Int
    public let operators: [OperatorMetrics]
    let startedNanos = Atomic<Int64>(0)
    let endedNanos = Atomic<Int64>(0)
    let idleNanos = Atomic<Int64>(0)
    let backPressuredNanos = Atomic<Int64>(0)

    init(subtask: Int, nodes: [Int]) {
        self.subtask = subtask
        operators = nodes.map { OperatorMetrics(node: $0) }
    }

    /// Makes this the running thread's subtask (so a send blocked on a full channel is charged to it).
    func enter() {
        startedNanos.store(monotonicNanos(), ordering: .relaxed)
        pthread_setspecific(subtaskMetricsKey, Unmanaged.passUnretained(self).toOpaque())
    }

    func leave() {
        pthread_setspecific(subtaskMetricsKey, nil)
        endedNanos.store(monotonicNanos(), ordering: .relaxed)
    }

    /// Adds to the back-pressured time of the subtask running on this thread (if it is one).
    static func chargeBackPressure(since started: Int64) {
        guard let raw = pthread_getspecific(subtaskMetricsKey) else { return }
        let metrics = Unmanaged<SubtaskMetrics>.fromOpaque(raw).takeUnretainedValue()
        metrics.backPressuredNanos.add(monotonicNanos() &- started, ordering: .relaxed)
    }

    /// A snapshot of every operator of this subtask.
    func snapshot(head: Int) -> [MetricsSnapshot.Operator] {
        let started = startedNanos.load(ordering: .relaxed)
        let ended = endedNanos.load(ordering: .relaxed)
        let idle = idleNanos.load(ordering: .relaxed)
        let backPressured = backPressuredNanos.load(ordering: .relaxed)
        let elapsed = started == 0 ? 0 : (ended != 0 ? ended : monotonicNanos()) &- started
        let busy = Swift.max(0, elapsed &- idle &- backPressured)
        return operators.map { op in
            MetricsSnapshot.Operator(node: op.node, subtask: subtask, chainHead: head,
                                     recordsIn: op.recordsIn.load(ordering: .relaxed),
                                     recordsOut: op.recordsOut.load(ordering: .relaxed),
                                     inputWatermark: op.inputWatermark.load(ordering: .relaxed),
                                     outputWatermark: op.outputWatermark.load(ordering: .relaxed),
                                     busyNanos: busy, idleNanos: idle, backPressuredNanos: backPressured)
        }
    }
}

/// The thread's running subtask: a pthread key, as Swift has no thread-local storage of its own.
nonisolated(unsafe) private let subtaskMetricsKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
}()

/// A job's built-in metrics at one moment (read racily while it runs: each number is one the
/// runtime had, not all of them at the same instant).
public struct MetricsSnapshot: Sendable {
    public struct Operator: Sendable, Equatable {
        /// The plan node (a fused pair: its first node), the subtask, and the first node of the
        /// chain (Flink's task) that runs it.
        public var node: Int
        public var subtask: Int
        public var chainHead: Int
        public var recordsIn: Int64
        public var recordsOut: Int64
        /// Int64.min while none came or went.
        public var inputWatermark: Int64
        public var outputWatermark: Int64
        /// The subtask's time since it started (shared by the chain's operators).
        public var busyNanos: Int64
        public var idleNanos: Int64
        public var backPressuredNanos: Int64
    }

    public var operators: [Operator]
    public var completedCheckpoints: Int64
    public var failedCheckpoints: Int64
}

/// Counts what passes between two steps of a chain: records and watermarks into `consumer`, and out
/// of `producer`, once per batch.
final class CountingCollector: Collector {
    let next: Collector
    let producer: OperatorMetrics?
    let consumer: OperatorMetrics?

    init(_ next: Collector, producer: OperatorMetrics?, consumer: OperatorMetrics?) {
        self.next = next
        self.producer = producer
        self.consumer = consumer
    }

    func emit(_ batch: RecordBatch) throws(SpateError) {
        let count = Int64(batch.count)
        producer?.recordsOut.add(count, ordering: .relaxed)
        consumer?.recordsIn.add(count, ordering: .relaxed)
        try next.emit(batch)
    }

    func emitWatermark(_ watermark: Int64) throws(SpateError) {
        producer?.outputWatermark.store(watermark, ordering: .relaxed)
        consumer?.inputWatermark.store(watermark, ordering: .relaxed)
        try next.emitWatermark(watermark)
    }

    func emitIdle() throws(SpateError) { try next.emitIdle() }
    func emitBarrier(_ checkpointID: Int64) throws(SpateError) { try next.emitBarrier(checkpointID) }
    func flush() throws(SpateError) { try next.flush() }
}
