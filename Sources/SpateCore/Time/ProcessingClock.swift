import Synchronization

/// Processing time, injectable so tests drive it explicitly instead of sleeping.
public protocol ProcessingClock: Sendable {
    /// Milliseconds since the epoch.
    func now() -> Int64
}

/// The machine's clock.
public struct SystemClock: ProcessingClock {
    public init() {}
    public func now() -> Int64 { wallClockMillis() }
}

/// A clock that moves `step` milliseconds every time it is read: with a step of at least the
/// watermark interval, every batch is followed by a watermark, deterministically.
public final class TickingClock: ProcessingClock {
    private let millis: Mutex<Int64>
    private let step: Int64
    public init(start: Int64 = 0, step: Int64) {
        millis = Mutex(start)
        self.step = step
    }
    public func now() -> Int64 {
        millis.withLock { value in
            defer { value += step }
            return value
        }
    }
}

/// A clock that moves only when told to.
///
/// ```swift
/// let clock = ManualClock(start: 0)
/// clock.advance(by: 200)
/// ```
public final class ManualClock: ProcessingClock {
    private let millis: Mutex<Int64>
    public init(start: Int64 = 0) { millis = Mutex(start) }
    public func now() -> Int64 { millis.withLock { $0 } }
    public func advance(by delta: Int64) { millis.withLock { $0 += delta } }
}
