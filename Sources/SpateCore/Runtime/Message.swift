/// What flows through a channel: records and, in-band with them, time and control events.
enum Message {
    case records(RecordBatch, input: Int)
    case watermark(Int64, channel: Int)
    case barrier(checkpointID: Int64, channel: Int)
    case endOfInput(channel: Int)
}
