/// What flows through a channel: records and, in-band with them, time and control events.
enum Message {
    case records(RecordBatch, input: Int, channel: Int)
    case watermark(Int64, channel: Int)
    /// The channel has no records for now (`with_idleness`): leave it out of event time until it
    /// sends records or a watermark again.
    case idle(channel: Int)
    /// Checkpoint `checkpointID`: everything before it on this channel belongs to the checkpoint.
    case barrier(checkpointID: Int64, channel: Int)
    case endOfInput(channel: Int)
}

extension Message {
    /// The channel the message came on.
    var channel: Int {
        switch self {
        case .records(_, _, let channel), .watermark(_, let channel), .idle(let channel),
             .barrier(_, let channel), .endOfInput(let channel):
            return channel
        }
    }
}
