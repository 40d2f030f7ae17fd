/// Which clock a timer follows: event time (watermarks) or processing time (the machine's clock).
public enum TimeDomain: Int32, Sendable {
    case eventTime = 0
    case processingTime = 1
}

/// A timer a keyed function registered or deleted during a call.
public struct TimerChange: Sendable, Equatable {
    public var slot: Int64
    public var timestamp: Int64
    public var register: Bool
    public var domain: TimeDomain

    public init(slot: Int64, timestamp: Int64, register: Bool, domain: TimeDomain = .eventTime) {
        self.slot = slot
        self.timestamp = timestamp
        self.register = register
        self.domain = domain
    }
}
