/// An operator's event time: the minimum of the last watermark of each input channel, which only
/// moves forward (Flink's `StatusWatermarkValve`, without idleness yet).
struct WatermarkTracker {
    private var channelWatermarks: [Int64]
    private(set) var current = Int64.min

    init(channels: Int) { channelWatermarks = Array(repeating: Int64.min, count: max(channels, 1)) }

    /// Records `watermark` on `channel`; returns the operator's new watermark when it advanced.
    mutating func update(channel: Int, to watermark: Int64) -> Int64? {
        guard channelWatermarks.indices.contains(channel), watermark > channelWatermarks[channel] else { return nil }
        channelWatermarks[channel] = watermark
        let minimum = channelWatermarks.min()!
        guard minimum > current else { return nil }
        current = minimum
        return minimum
    }
}
