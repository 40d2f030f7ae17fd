import Synchronization

/// Triggers a job's checkpoints and sees them complete (`enable_checkpointing`).
///
/// Every `intervalMillis` of processing time, the next source subtask to look (between two batches)
/// triggers checkpoint n; each source then sends barrier n in band, after the records before it.
/// Operators pass a barrier on once it has come on every input (aligned or not, by `mode`) and
/// acknowledge it; checkpoint n is complete when every subtask acknowledged it or has ended.
/// Completion calls the listeners (sinks committing files). As Flink's default, one checkpoint is
/// in flight at a time; the next starts no sooner than `minPauseMillis` after one completes.
///
/// Checkpoints save no operator state yet: a failed job is not restored from one.
///
/// ```swift
/// graph.checkpointIntervalMillis = 1_000
/// let job = try Job.start(graph)   // barriers flow every second; file sinks commit on each
/// ```
public final class CheckpointCoordinator: Sendable {
    /// Flink's CheckpointingMode: EXACTLY_ONCE aligns barriers (an input that delivered barrier n
    /// waits for the others), AT_LEAST_ONCE does not.
    public enum Mode: String, Sendable {
        case exactlyOnce = "EXACTLY_ONCE"
        case atLeastOnce = "AT_LEAST_ONCE"
    }

    private struct Progress {
        var triggered: Int64 = 0
        var completed: Int64 = 0
        var nextTriggerAt: Int64?
        var completedAt = Int64.min
        var acknowledged: [Int64]
        var ended: [Bool]
        var listeners: [@Sendable (Int64) -> Void] = []
    }

    public let intervalMillis: Int64
    public let minPauseMillis: Int64
    public let mode: Mode
    private let clock: ProcessingClock
    private let progress: Mutex<Progress>

    public init(intervalMillis: Int64, minPauseMillis: Int64 = 0, mode: Mode, clock: ProcessingClock, subtasks: Int) {
        self.intervalMillis = intervalMillis
        self.minPauseMillis = minPauseMillis
        self.mode = mode
        self.clock = clock
        progress = Mutex(Progress(acknowledged: Array(repeating: 0, count: subtasks),
                                  ended: Array(repeating: false, count: subtasks)))
    }

    /// The checkpoints completed so far.
    public var completed: Int64 { progress.withLock { $0.completed } }

    /// Calls `listener` with each checkpoint that completes (on the thread that completed it).
    public func onCompletion(_ listener: @escaping @Sendable (Int64) -> Void) {
        progress.withLock { $0.listeners.append(listener) }
    }

    /// The newest checkpoint a source should have sent a barrier for, triggering the next one when
    /// it is due and the previous one is complete.
    func latestTriggered() -> Int64 {
        let now = clock.now()
        return progress.withLock { state in
            let due = state.nextTriggerAt ?? (now &+ intervalMillis)
            if state.nextTriggerAt == nil { state.nextTriggerAt = due }
            let paused = state.completedAt != Int64.min && now < state.completedAt &+ minPauseMillis
            if now >= due && state.triggered == state.completed && !paused {
                state.triggered += 1
                state.nextTriggerAt = now &+ intervalMillis
            }
            return state.triggered
        }
    }

    /// Subtask `slot` passed barrier `checkpointID` on.
    func acknowledge(_ checkpointID: Int64, slot: Int) {
        settle { $0.acknowledged[slot] = Swift.max($0.acknowledged[slot], checkpointID) }
    }

    /// Subtask `slot` ended: no checkpoint waits for it.
    func subtaskEnded(slot: Int) {
        settle { $0.ended[slot] = true }
    }

    private func settle(_ change: (inout Progress) -> Void) {
        let (done, listeners) = progress.withLock { state -> ([Int64], [@Sendable (Int64) -> Void]) in
            change(&state)
            var done: [Int64] = []
            while state.completed < state.triggered {
                let next = state.completed + 1
                guard state.acknowledged.indices.allSatisfy({ state.acknowledged[$0] >= next || state.ended[$0] }) else { break }
                state.completed = next
                state.completedAt = clock.now()  // read only when one completes, not at every acknowledgement
                done.append(next)
            }
            return (done, state.listeners)
        }
        for checkpoint in done {
            for listener in listeners { listener(checkpoint) }
        }
    }
}
