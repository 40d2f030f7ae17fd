import HeapModule

/// The timers of one keyed operator subtask, as Flink's `InternalTimerService`: event-time and
/// processing-time timers per (key, namespace), at most one per (key, namespace, timestamp) in
/// each domain, fired in timestamp order (then key, then namespace). A namespace tells apart the
/// timers of one key (a window's start for window operators; 0 for process functions). Its
/// contents can be listed and rebuilt, so a checkpoint can save them.
///
/// ```swift
/// var timers = TimerService()
/// timers.register(.eventTime, key: 7, at: 1_000)
/// timers.register(.eventTime, key: 7, at: 1_000)        // the same timer: registered once
/// let due = timers.takeEarliest(.eventTime, dueAt: 1_500) // [Timer(timestamp: 1000, key: 7, ...)]
/// ```
public struct TimerService: Sendable {
    public struct Timer: Hashable, Comparable, Sendable {
        public var timestamp: Int64
        public var key: Int64
        public var namespace: Int64

        public init(timestamp: Int64, key: Int64, namespace: Int64 = 0) {
            self.timestamp = timestamp
            self.key = key
            self.namespace = namespace
        }

        public static func < (a: Timer, b: Timer) -> Bool {
            (a.timestamp, a.key, a.namespace) < (b.timestamp, b.key, b.namespace)
        }
    }

    private var eventTime = TimerQueue()
    private var processingTime = TimerQueue()

    public init() {}

    /// A service holding `timers` (as `timers(in:)` listed them).
    public init(restoring timers: [(domain: TimeDomain, timer: Timer)]) {
        for (domain, timer) in timers { self[domain].register(timer) }
    }

    private subscript(domain: TimeDomain) -> TimerQueue {
        get { domain == .eventTime ? eventTime : processingTime }
        _modify {
            if domain == .eventTime { yield &eventTime } else { yield &processingTime }
        }
    }

    public var isEmpty: Bool { eventTime.isEmpty && processingTime.isEmpty }

    public mutating func register(_ domain: TimeDomain, key: Int64, namespace: Int64 = 0, at timestamp: Int64) {
        self[domain].register(Timer(timestamp: timestamp, key: key, namespace: namespace))
    }

    public mutating func delete(_ domain: TimeDomain, key: Int64, namespace: Int64 = 0, at timestamp: Int64) {
        self[domain].delete(Timer(timestamp: timestamp, key: key, namespace: namespace))
    }

    /// Applies what a host function asked for during a call (its timers have namespace 0).
    public mutating func apply(_ changes: [TimerChange]) {
        for change in changes {
            if change.register {
                register(change.domain, key: change.slot, at: change.timestamp)
            } else {
                delete(change.domain, key: change.slot, at: change.timestamp)
            }
        }
    }

    /// When the earliest pending timer of `domain` is due.
    public mutating func nextTime(_ domain: TimeDomain) -> Int64? { self[domain].earliest() }

    /// Removes and returns the earliest timer of `domain` if it is due at `time`.
    public mutating func takeNext(_ domain: TimeDomain, dueAt time: Int64) -> Timer? { self[domain].takeNext(dueAt: time) }

    /// Removes and returns every due timer of the earliest due time, in key order: one host call
    /// fires them together, and timers their firing registers come before later times.
    public mutating func takeEarliest(_ domain: TimeDomain, dueAt time: Int64) -> [Timer] {
        self[domain].takeEarliest(dueAt: time)
    }

    /// The pending timers of `domain`, in firing order.
    public func timers(in domain: TimeDomain) -> [Timer] { self[domain].pending.sorted() }

    /// Every pending timer, for a snapshot (see `init(restoring:)`).
    public var allTimers: [(domain: TimeDomain, timer: Timer)] {
        timers(in: .eventTime).map { (TimeDomain.eventTime, $0) } + timers(in: .processingTime).map { (TimeDomain.processingTime, $0) }
    }
}

/// One domain's timers: a set for deduplication and deletion, a heap for order. Deleted timers
/// stay in the heap and are skipped when they come up (cheaper than removing from a heap).
private struct TimerQueue: Sendable {
    typealias Timer = TimerService.Timer
    private(set) var pending = Set<Timer>()
    private var order = Heap<Timer>()

    var isEmpty: Bool { pending.isEmpty }

    mutating func register(_ timer: Timer) {
        if pending.insert(timer).inserted { order.insert(timer) }
    }

    mutating func delete(_ timer: Timer) { pending.remove(timer) }

    mutating func earliest() -> Int64? {
        while let next = order.min {
            if pending.contains(next) { return next.timestamp }
            _ = order.removeMin()
        }
        return nil
    }

    mutating func takeNext(dueAt time: Int64) -> Timer? {
        while let next = order.min, next.timestamp <= time {
            _ = order.removeMin()
            if pending.remove(next) != nil { return next }
        }
        return nil
    }

    mutating func takeEarliest(dueAt time: Int64) -> [Timer] {
        guard let first = takeNext(dueAt: time) else { return [] }
        var slice = [first]
        while let next = order.min, next.timestamp == first.timestamp {
            _ = order.removeMin()
            if pending.remove(next) != nil { slice.append(next) }
        }
        return slice
    }
}
