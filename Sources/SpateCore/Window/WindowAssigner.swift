/// Which time windows an element belongs to, with Flink's arithmetic (`TimeWindow`).
public enum WindowAssigner: Sendable, Equatable {
    /// Windows `[start, start + size)` every `size` ms, shifted by `offset`.
    case tumbling(size: Int64, offset: Int64)
    /// Windows of `size` ms starting every `slide` ms, shifted by `offset`.
    case sliding(size: Int64, slide: Int64, offset: Int64)

    /// Flink's `TimeWindow.getWindowStartWithOffset`: the start of the window of length `size`
    /// holding `timestamp`, negative timestamps included.
    @inline(__always)
    public static func windowStart(_ timestamp: Int64, offset: Int64, size: Int64) -> Int64 {
        let remainder = (timestamp &- offset) % size
        return remainder >= 0 ? timestamp &- remainder : timestamp &- (remainder &+ size)
    }

    public var size: Int64 {
        switch self {
        case .tumbling(let size, _), .sliding(let size, _, _): return size
        }
    }

    /// The latest window start whose window is complete at `watermark`: a window fires once the
    /// watermark reaches its max timestamp `start + size - 1`.
    public func latestCompleteStart(at watermark: Int64) -> Int64 {
        watermark == Int64.max ? Int64.max : watermark &- size &+ 1
    }

    /// Checks the parameters as Flink does (size > 0, 0 <= |offset| < slide).
    public func validate() throws(SpateError) {
        switch self {
        case .tumbling(let size, let offset):
            guard size > 0 else { throw .invalid("a tumbling window's size must be positive, got \(size) ms") }
            guard abs(offset) < size else { throw .invalid("a tumbling window's offset must be smaller than its size, got \(offset) ms for \(size) ms") }
        case .sliding(let size, let slide, let offset):
            guard size > 0, slide > 0 else { throw .invalid("a sliding window's size and slide must be positive, got \(size) and \(slide) ms") }
            guard abs(offset) < slide else { throw .invalid("a sliding window's offset must be smaller than its slide, got \(offset) ms for \(slide) ms") }
        }
    }

    /// Calls `body` with the start of each window holding `timestamp` (most recent first).
    @inline(__always)
    public func forEachWindow(of timestamp: Int64, _ body: (Int64) throws(SpateError) -> Void) throws(SpateError) {
        switch self {
        case .tumbling(let size, let offset):
            try body(Self.windowStart(timestamp, offset: offset, size: size))
        case .sliding(let size, let slide, let offset):
            var start = Self.windowStart(timestamp, offset: offset, size: slide)
            while start > timestamp &- size {
                try body(start)
                start &-= slide
            }
        }
    }
}
