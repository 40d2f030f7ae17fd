/// What flows through a channel: records and, in-band with them, time and control events.
enum Message {
    case records(RecordBatch, input: Int)
    case watermark(Int64, channel: Int)
    /// The channel has no records for now (`with_idleness`): leave it out of event time until it
    /// sends records or a watermark again.
    case idle(channel: Int)
    case barrier(checkpointID: Int64, channel: Int)
    case endOfInput(channel: Int)
}
