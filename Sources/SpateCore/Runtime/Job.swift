/// A running job: the graph's operators, chained and fused, running as parallel subtasks on threads
/// Spate owns, connected by bounded channels.
///
/// ```swift
/// let job = try Job.start(graph)
/// try job.waitUntilFinished()
/// ```
// @unchecked: its mutable state (status, failure, threads) is guarded by its monitor; the rest is
// set before the threads start and only read after.
public final class Job: @unchecked Sendable {
    public enum Status: Equatable {
        case running
        case finished
        case failed(SpateError.Kind)
    }

    let graph: StreamGraph
    private let monitor = Monitor()
    private var status: Status = .running
    private var failure: SpateError?
    private var failedNode = -1
    private var failedSubtask = -1
    private var threads: [OwnedThread] = []
    private var runningSubtasks = 0
    private var inboxes: [Channel<Message>] = []
    /// Every subtask's metrics with its chain's head node; set before the threads start.
    private var subtaskMetrics: [(metrics: SubtaskMetrics, head: Int)] = []
    private var cancelledFlag = false
    private let startedAt = monotonicMillis()
    private var endedAt: Int64?
    /// The job's checkpoints, when the graph enables them (streaming mode only, as Flink).
    public private(set) var checkpoints: CheckpointCoordinator?
    /// Queues of collect sinks, by node id.
    private(set) var collectQueues: [Int: CollectQueue] = [:]

    private init(graph: StreamGraph) { self.graph = graph }

    /// Builds the execution plan and starts every subtask.
    public static func start(_ graph: StreamGraph) throws(SpateError) -> Job {
        let job = Job(graph: graph)
        let plan = try ExecutionPlan(graph: graph)
        for sink in plan.collectSinks {
            job.collectQueues[sink.node] = CollectQueue(producers: sink.parallelism)
        }
        let subtasks = try plan.instantiate(job: job)
        if let interval = graph.checkpointIntervalMillis, graph.runtimeMode == .streaming {
            job.checkpoints = CheckpointCoordinator(intervalMillis: interval, minPauseMillis: graph.checkpointMinPauseMillis,
                                                    mode: graph.checkpointingMode,
                                                    clock: graph.clock, subtasks: subtasks.count)
            for (slot, subtask) in subtasks.enumerated() { subtask.checkpointSlot = slot }
        }
        job.inboxes = subtasks.compactMap(\.inbox)
        job.subtaskMetrics = subtasks.map { ($0.metrics, $0.headNode) }
        job.runningSubtasks = subtasks.count
        for subtask in subtasks {
            do {
                job.threads.append(try OwnedThread(name: "spate-\(subtask.name)") { subtask.run() })
            } catch {
                job.fail(error, node: subtask.headNode, subtask: subtask.index)
                job.subtaskEnded()
            }
        }
        return job
    }

    public var isCancelled: Bool { monitor.withLock { cancelledFlag } }

    /// Waits up to `timeoutMillis` (nil: forever). Returns the status then.
    public func wait(timeoutMillis: Int64?) -> Status {
        let deadline = timeoutMillis.map { monotonicMillis() + $0 }
        return monitor.withLock {
            while runningSubtasks > 0 {
                if !monitor.wait(until: deadline) && runningSubtasks > 0 { return .running }
            }
            return status
        }
    }

    /// Waits for the end and throws the failure, if any.
    public func waitUntilFinished() throws(SpateError) {
        _ = wait(timeoutMillis: nil)
        join()
        if let failure = self.failure { throw failure }
    }

    /// Stops every subtask as soon as it notices (channels close; sources check between batches).
    public func cancel() {
        fail(SpateError(.cancelled, "the job was cancelled"), node: -1, subtask: -1)
    }

    /// Joins every thread (after the job ended or was cancelled).
    public func join() {
        let toJoin = monitor.withLock { () -> [OwnedThread] in
            defer { threads = [] }
            return threads
        }
        for thread in toJoin { thread.join() }
        for inbox in inboxes { inbox.drain() }
        for queue in collectQueues.values { queue.close() }
    }

    /// The ids of the job's threads, until they are joined (so no other thread has one of them yet):
    /// a host interrupts the functions they run when the job is cancelled.
    public var threadIDs: [UInt64] { monitor.withLock { threads.map(\.id) } }

    /// The built-in metrics now: every operator of every subtask, and the checkpoints (Spate's
    /// checkpoints do not fail, so the failed count stays 0).
    public var metrics: MetricsSnapshot {
        MetricsSnapshot(operators: subtaskMetrics.flatMap { $0.metrics.snapshot(head: $0.head) },
                        completedCheckpoints: checkpoints?.completed ?? 0, failedCheckpoints: 0)
    }

    public var error: SpateError? { monitor.withLock { failure } }
    public var failedOperator: (node: Int, subtask: Int) { monitor.withLock { (failedNode, failedSubtask) } }

    public var runtimeMillis: Int64 { monitor.withLock { (endedAt ?? monotonicMillis()) - startedAt } }

    func fail(_ error: SpateError, node: Int, subtask: Int) {
        let first = monitor.withLock { () -> Bool in
            cancelledFlag = true
            guard failure == nil else { return false }
            failure = error
            failedNode = node
            failedSubtask = subtask
            status = .failed(error.kind)
            return true
        }
        guard first else { return }
        for inbox in inboxes { inbox.close() }
        for queue in collectQueues.values { queue.close() }
    }

    func subtaskEnded() {
        monitor.withLock {
            runningSubtasks -= 1
            if runningSubtasks == 0 {
                if failure == nil { status = .finished }
                endedAt = monotonicMillis()
                monitor.broadcast()
            }
        }
    }

    public func collectQueue(_ node: Int) -> CollectQueue? { collectQueues[node] }
}
