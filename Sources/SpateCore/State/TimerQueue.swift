import HeapModule

/// The timers of one keyed operator subtask in one time domain: at most one per (key slot,
/// timestamp), fired in timestamp order (then key order) when the watermark (or the clock) reaches
/// them.
struct TimerQueue {
    struct Timer: Hashable, Comparable {
        var timestamp: Int64
        var slot: Int64
        static func < (a: Timer, b: Timer) -> Bool { (a.timestamp, a.slot) < (b.timestamp, b.slot) }
    }

    private var pending = Set<Timer>()
    private var order = Heap<Timer>()

    var isEmpty: Bool { pending.isEmpty }

    /// The earliest pending timer's time (deleted timers at the front are dropped first).
    mutating func earliest() -> Int64? {
        while let next = order.min {
            if pending.contains(next) { return next.timestamp }
            _ = order.removeMin()
        }
        return nil
    }

    mutating func register(slot: Int64, at timestamp: Int64) {
        let timer = Timer(timestamp: timestamp, slot: slot)
        if pending.insert(timer).inserted { order.insert(timer) }
    }

    /// Deleted timers stay in the heap and are skipped when they come up.
    mutating func delete(slot: Int64, at timestamp: Int64) { pending.remove(Timer(timestamp: timestamp, slot: slot)) }

    /// Removes and returns the earliest timer if it is due at `time`.
    mutating func takeNext(dueAt time: Int64) -> Timer? {
        while let next = order.min, next.timestamp <= time {
            _ = order.removeMin()
            if pending.remove(next) != nil { return next }
        }
        return nil
    }

    /// Removes and returns the due timers of the earliest due time (every key's), in key order: one
    /// host call fires them together, and timers their firing registers come before later times.
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
