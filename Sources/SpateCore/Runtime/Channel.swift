import DequeModule

/// A bounded multi-producer, single-consumer queue: the inbox of one subtask. Senders block while it
/// is full (backpressure); closing it wakes everyone and makes further sends fail.
///
/// Wake-ups are few: senders blocked on a full channel wake only once it has drained to half its
/// capacity, so each then sends several messages before it blocks again (rather than one wake-up,
/// and a switch of threads, per message while the consumer is the slower side). A sender under load
/// may send without waking a waiting receiver (`wake: false`) until half the capacity has gathered;
/// it then owes the receiver a `wake()` before it waits itself or lets its buffer timeout pass.
// @unchecked: `items` and `closed` are touched only under `monitor`; elements move from one
// thread to another, handed over whole.
final class Channel<Element>: @unchecked Sendable {
    /// Condition 0: something arrived (receivers wait on it); 1: room was made (senders wait on it).
    private let monitor = Monitor(conditions: 2)
    private static var arrived: Int { 0 }
    private static var drained: Int { 1 }
    private var items = Deque<Element>()
    private let capacity: Int
    /// Blocked senders wake once at most this many items are left.
    private let lowWater: Int
    private var closed = false
    private var waitingReceivers = 0
    private var waitingSenders = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        lowWater = max(1, capacity) / 2
    }

    /// Blocks while full. Returns false when the channel was closed. Without `wake`, a waiting
    /// receiver is woken only once half the capacity has gathered.
    func send(_ item: Element, wake: Bool = true) -> Bool {
        monitor.withLock {
            guard waitForRoom() else { return false }
            items.append(item)
            arrived(wake: wake)
            return true
        }
    }

    /// Sends several items under one lock and one wake-up. Blocks while full; the group may take
    /// the channel past its capacity by less than its own size. Returns false when closed.
    func send(contentsOf group: [Element], wake: Bool = true) -> Bool {
        monitor.withLock {
            guard waitForRoom() else { return false }
            items.append(contentsOf: group)
            arrived(wake: wake)
            return true
        }
    }

    /// Wakes the receiver if it waits while items are there (after sends without `wake`).
    func wake() {
        monitor.withLock { arrived(wake: true) }
    }

    private func arrived(wake: Bool) {
        if waitingReceivers > 0 && !items.isEmpty && (wake || items.count >= max(lowWater, 1)) {
            monitor.signal(Self.arrived)
        }
    }

    /// With the lock held: waits while the channel is full. False when it is closed.
    /// The time blocked is the sending subtask's back-pressured time (its metrics).
    private func waitForRoom() -> Bool {
        guard items.count >= capacity && !closed else { return !closed }
        let started = monotonicNanos()
        while items.count >= capacity && !closed {
            waitingSenders += 1
            monitor.wait(on: Self.drained)
            waitingSenders -= 1
        }
        SubtaskMetrics.chargeBackPressure(since: started)
        return !closed
    }

    /// With the lock held: takes the first item, waking blocked senders once the channel has
    /// drained to its low-water mark, and another receiver if items are left.
    private func takeFirst() -> Element {
        let item = items.removeFirst()
        if waitingSenders > 0 && items.count <= lowWater { monitor.broadcast(Self.drained) }
        if waitingReceivers > 0 && !items.isEmpty { monitor.signal(Self.arrived) }
        return item
    }

    /// The next item if one is there, without waiting.
    func poll() -> Element? {
        monitor.withLock { items.isEmpty ? nil : takeFirst() }
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
                waitingReceivers += 1
                let signalled = monitor.wait(on: Self.arrived, until: deadline)
                waitingReceivers -= 1
                if !signalled && items.isEmpty { return closed ? .closed : .timedOut }
            }
            return .item(takeFirst())
        }
    }

    /// Wakes every waiter; later sends fail, receives drain what is left then report `.closed`.
    func close() {
        monitor.withLock {
            closed = true
            monitor.broadcast(Self.arrived)
            monitor.broadcast(Self.drained)
        }
    }

    /// Drops queued items (after a failure, so objects they hold are released).
    func drain() {
        monitor.withLock {
            items.removeAll()
            monitor.broadcast(Self.drained)
        }
    }
}
