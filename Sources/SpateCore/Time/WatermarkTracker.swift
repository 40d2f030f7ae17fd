/// An operator's event time: the minimum of the last watermark of each active input channel, which
/// only moves forward (Flink's `StatusWatermarkValve`). An idle channel (`with_idleness`) is left out
/// until it sends a watermark or records again; while every channel is idle, event time stands.
struct WatermarkTracker {
    private var channelWatermarks: [Int64]
    private var idle: [Bool]
    private(set) var current = Int64.min

    init(channels: Int) {
        channelWatermarks = Array(repeating: Int64.min, count: max(channels, 1))
        idle = Array(repeating: false, count: max(channels, 1))
    }

    /// Whether every channel is idle.
    var allIdle: Bool { !idle.contains(false) }

    /// Records `watermark` on `channel` (which is active again); returns the operator's new
    /// watermark when it advanced.
    mutating func update(channel: Int, to watermark: Int64) -> Int64? {
        guard channelWatermarks.indices.contains(channel) else { return nil }
        idle[channel] = false
        guard watermark > channelWatermarks[channel] else { return nil }
        channelWatermarks[channel] = watermark
        return advance()
    }

    /// Leaves `channel` out of event time; returns the new watermark when that advanced it.
    mutating func markIdle(channel: Int) -> Int64? {
        guard idle.indices.contains(channel) else { return nil }
        idle[channel] = true
        return advance()
    }

    private mutating func advance() -> Int64? {
        var minimum = Int64.max
        var anyActive = false
        for channel in channelWatermarks.indices where !idle[channel] {
            anyActive = true
            minimum = Swift.min(minimum, channelWatermarks[channel])
        }
        guard anyActive, minimum > current else { return nil }
        current = minimum
        return minimum
    }
}
