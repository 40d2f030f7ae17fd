import DequeModule

/// A bounded multi-producer, single-consumer queue: the inbox of one subtask. Senders block while it
/// is full (backpressure); closing it wakes everyone and makes further sends fail.
// @unchecked: `items` and `closed` are touched only under `monitor`; elements move from one
// thread to another, handed over whole.
final class Channel<Element>: @unchecked Sendable {
    private let monitor = Monitor()
    private var items = Deque<Element>()
    private let capacity: Int
    private var closed = false

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Blocks while full. Returns false when the channel was closed.
    func send(_ item: Element) -> Bool {
        monitor.withLock {
            waitWhileFull()
            if closed { return false }
            items.append(item)
            if items.count == 1 { monitor.broadcast() }
            return true
        }
    }

    /// Sends several items under one lock and one wake-up. Blocks while full; the group may take
    /// the channel past its capacity by less than its own size. Returns false when closed.
    func send(contentsOf group: [Element]) -> Bool {
        monitor.withLock {
            waitWhileFull()
            if closed { return false }
            let wasEmpty = items.isEmpty
            items.append(contentsOf: group)
            if wasEmpty { monitor.broadcast() }
            return true
        }
    }

    /// Blocks (with the lock held) while the channel is full and open; the time blocked is the
    /// sending subtask's back-pressured time.
    private func waitWhileFull() {
        guard items.count >= capacity && !closed else { return }
        let started = monotonicNanos()
        while items.count >= capacity && !closed { monitor.wait() }
        SubtaskMetrics.chargeBackPressure(since: started)
    }

    /// The next item if one is there, without waiting.
    func poll() -> Element? {
        monitor.withLock {
            guard !items.isEmpty else { return nil }
            let item = items.removeFirst()
            if items.count == capacity - 1 { monitor.broadcast() }
            return item
        }
    }

    enum Received {
        case item(Element)
        case timedOut
        case closed
    }

    /// Waits until an item arrives, the deadline (monotonic ms) passes, or the channel closes.
    func receive(until deadline: Int64?) -> Received {
        monitor.withLock {
            while items.isEmpty {
                if closed { return .closed }
                if !monitor.wait(until: deadline) && items.isEmpty { return closed ? .closed : .timedOut }
            }
            let item = items.removeFirst()
            if items.count == capacity - 1 { monitor.broadcast() }
            return .item(item)
        }
    }

    /// Wakes every waiter; later sends fail, receives drain what is left then report `.closed`.
    func close() {
        monitor.withLock {
            closed = true
            monitor.broadcast()
        }
    }

    /// Drops queued items (after a failure, so objects they hold are released).
    func drain() { monitor.withLock { items.removeAll() } }
}
