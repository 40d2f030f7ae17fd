import DequeModule

/// Where a subtask with several input channels stands in the checkpoint in flight.
///
/// Checkpoint n's barrier is passed on once every channel that has not ended delivered it. Aligned
/// (exactly once), a channel that delivered it is held back meanwhile: its messages wait here, in
/// order, so nothing after the barrier is processed before the checkpoint. Unaligned (at least
/// once), they are processed at once.
struct BarrierAligner {
    private let aligned: Bool
    private var ended: Set<Int> = []
    private let channels: Int
    /// The checkpoint being aligned and the channels that delivered its barrier.
    private var pending: Int64?
    private var delivered: Set<Int> = []
    /// Messages of held-back channels, in arrival order.
    private(set) var held = Deque<Message>()

    init(channels: Int, aligned: Bool) {
        self.channels = channels
        self.aligned = aligned
    }

    /// Whether a message from `channel` must wait for the checkpoint in flight.
    func holdsBack(_ channel: Int) -> Bool { aligned && pending != nil && delivered.contains(channel) }

    mutating func hold(_ message: Message) { held.append(message) }

    /// Barrier `checkpointID` came on `channel`: the checkpoint to pass on, if it is now complete.
    mutating func barrier(_ checkpointID: Int64, channel: Int) -> Int64? {
        if pending == nil {
            pending = checkpointID
            delivered = []
        }
        delivered.insert(channel)
        return completed()
    }

    /// `channel` ended: a checkpoint waiting only for it is complete.
    mutating func channelEnded(_ channel: Int) -> Int64? {
        ended.insert(channel)
        return completed()
    }

    private mutating func completed() -> Int64? {
        guard let checkpoint = pending, delivered.count + ended.subtracting(delivered).count >= channels else { return nil }
        pending = nil
        delivered = []
        return checkpoint
    }

    /// The held-back messages, to process next (in order).
    mutating func release() -> Deque<Message> {
        defer { held = [] }
        return held
    }
}
