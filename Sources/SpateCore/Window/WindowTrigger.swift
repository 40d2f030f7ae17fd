/// When a window's contents are handed to its function (Flink's built-in `Trigger`s), with their
/// exact rules: which timers they set and what each element or timer makes them do.
public indirect enum WindowTrigger: Sendable, Equatable {
    /// Fires when the watermark passes the window's end (the default of event-time windows); an
    /// element arriving after that (within the allowed lateness) fires the window again at once.
    case eventTime
    /// Fires when the clock passes the window's end (the default of processing-time windows).
    case processingTime
    /// Fires every `count` elements; the window keeps its contents.
    case count(Int64)
    /// Fires every `interval` of event time, and at the window's end.
    case continuousEventTime(interval: Int64)
    /// Fires every `interval` of processing time.
    case continuousProcessingTime(interval: Int64)
    /// Never fires (the default of global windows).
    case never
    /// Purges the window's contents whenever `nested` fires.
    case purging(WindowTrigger)

    /// What a trigger asks for after an element or a timer.
    public struct Action: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let fire = Action(rawValue: 1)
        public static let purge = Action(rawValue: 2)
    }

    /// A timer a trigger asks for.
    public enum Timer: Equatable, Sendable {
        case eventTime(Int64)
        case processingTime(Int64)
    }

    /// The per-window state of a trigger.
    public struct State: Sendable {
        /// Elements since the last firing (`count`).
        public var count: Int64 = 0
        /// The next periodic firing (`continuous...`).
        public var nextFire: Int64?
        public init() {}
    }

    /// Checks the parameters as Flink does.
    public func validate() throws(SpateError) {
        switch self {
        case .count(let count) where count <= 0:
            throw .invalid("CountTrigger needs a positive count, got \(count)")
        case .continuousEventTime(let interval) where interval <= 0, .continuousProcessingTime(let interval) where interval <= 0:
            throw .invalid("a continuous trigger needs a positive interval, got \(interval) ms")
        case .purging(let nested):
            try nested.validate()
        default:
            break
        }
    }

    /// An element arrived in the window whose last millisecond is `maxTimestamp`.
    public func onElement(timestamp: Int64, maxTimestamp: Int64, watermark: Int64, now: Int64, state: inout State,
                          timers: inout [Timer]) -> Action {
        switch self {
        case .eventTime:
            if maxTimestamp <= watermark { return .fire }
            timers.append(.eventTime(maxTimestamp))
            return []
        case .processingTime:
            timers.append(.processingTime(maxTimestamp))
            return []
        case .count(let limit):
            state.count += 1
            guard state.count >= limit else { return [] }
            state.count = 0
            return .fire
        case .continuousEventTime(let interval):
            if maxTimestamp <= watermark { return .fire }
            if state.nextFire == nil {
                scheduleNext(after: timestamp &- timestamp % interval, interval: interval, maxTimestamp: maxTimestamp,
                             state: &state, timers: &timers, eventTime: true)
            }
            timers.append(.eventTime(maxTimestamp))
            return []
        case .continuousProcessingTime(let interval):
            if state.nextFire == nil {
                scheduleNext(after: now &- now % interval, interval: interval, maxTimestamp: maxTimestamp,
                             state: &state, timers: &timers, eventTime: false)
            }
            return []
        case .never:
            return []
        case .purging(let nested):
            let action = nested.onElement(timestamp: timestamp, maxTimestamp: maxTimestamp, watermark: watermark,
                                          now: now, state: &state, timers: &timers)
            return action.contains(.fire) ? [.fire, .purge] : action
        }
    }

    /// An event-time timer of the window fired at `time`.
    public func onEventTime(_ time: Int64, maxTimestamp: Int64, state: inout State, timers: inout [Timer]) -> Action {
        switch self {
        case .eventTime:
            return time == maxTimestamp ? .fire : []
        case .continuousEventTime(let interval):
            if time == maxTimestamp { return .fire }
            guard state.nextFire == time else { return [] }
            scheduleNext(after: time, interval: interval, maxTimestamp: maxTimestamp, state: &state, timers: &timers, eventTime: true)
            return .fire
        case .purging(let nested):
            let action = nested.onEventTime(time, maxTimestamp: maxTimestamp, state: &state, timers: &timers)
            return action.contains(.fire) ? [.fire, .purge] : action
        default:
            return []
        }
    }

    /// A processing-time timer of the window fired at `time`.
    public func onProcessingTime(_ time: Int64, maxTimestamp: Int64, state: inout State, timers: inout [Timer]) -> Action {
        switch self {
        case .processingTime:
            return .fire
        case .continuousProcessingTime(let interval):
            guard state.nextFire == time else { return [] }
            scheduleNext(after: time, interval: interval, maxTimestamp: maxTimestamp, state: &state, timers: &timers, eventTime: false)
            return .fire
        case .purging(let nested):
            let action = nested.onProcessingTime(time, maxTimestamp: maxTimestamp, state: &state, timers: &timers)
            return action.contains(.fire) ? [.fire, .purge] : action
        default:
            return []
        }
    }

    /// The next periodic firing: one interval after `time`, but not past the window's end.
    private func scheduleNext(after time: Int64, interval: Int64, maxTimestamp: Int64, state: inout State,
                              timers: inout [Timer], eventTime: Bool) {
        let next = time > maxTimestamp &- interval ? maxTimestamp : time &+ interval
        state.nextFire = next
        timers.append(eventTime ? .eventTime(next) : .processingTime(next))
    }
}
