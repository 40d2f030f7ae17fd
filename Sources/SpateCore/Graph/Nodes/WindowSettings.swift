/// How a plan spells windows and triggers: tagged objects, `{"type": "tumbling", "size": 5000,
/// "offset": 0}`, `{"type": "purging", "nested": {"type": "count", "count": 3}}`.

/// Which windows a window node keeps.
enum WindowSpec: Decodable, Equatable {
    case tumbling(size: Int64, offset: Int64)
    case sliding(size: Int64, slide: Int64, offset: Int64)
    case session(gap: Int64)
    /// Sessions whose gap the node's `gap_function` gives per element.
    case dynamicSession
    case count(size: Int, slide: Int)
    case global

    private enum Keys: String, CodingKey { case type, size, slide, offset, gap }

    init(from decoder: any Decoder) throws {
        let fields = try decoder.container(keyedBy: Keys.self)
        let type = try fields.decode(String.self, forKey: .type)
        switch type {
        case "tumbling":
            self = .tumbling(size: try fields.decode(Int64.self, forKey: .size), offset: try fields.decodeIfPresent(Int64.self, forKey: .offset) ?? 0)
        case "sliding":
            self = .sliding(size: try fields.decode(Int64.self, forKey: .size), slide: try fields.decode(Int64.self, forKey: .slide),
                            offset: try fields.decodeIfPresent(Int64.self, forKey: .offset) ?? 0)
        case "session": self = .session(gap: try fields.decode(Int64.self, forKey: .gap))
        case "dynamic_session": self = .dynamicSession
        case "count":
            let size = try fields.decode(Int.self, forKey: .size)
            self = .count(size: size, slide: try fields.decodeIfPresent(Int.self, forKey: .slide) ?? size)
        case "global": self = .global
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: fields, debugDescription:
                "unknown window '\(type)' (expected tumbling, sliding, session, dynamic_session, count or global)")
        }
    }

    /// The assigner of a time window (tumbling or sliding), checked.
    func assigner() throws(SpateError) -> WindowAssigner {
        let assigner: WindowAssigner
        switch self {
        case .tumbling(let size, let offset): assigner = .tumbling(size: size, offset: offset)
        case .sliding(let size, let slide, let offset): assigner = .sliding(size: size, slide: slide, offset: offset)
        default: throw .invalid("expected a tumbling or sliding time window, got \(self)")
        }
        try assigner.validate()
        return assigner
    }

    var isTimeWindow: Bool {
        switch self {
        case .tumbling, .sliding: true
        default: false
        }
    }

    func validate() throws(SpateError) {
        switch self {
        case .session(let gap) where gap <= 0: throw .invalid("a session gap must be positive, got \(gap) ms")
        case .count(let size, let slide) where size <= 0 || slide <= 0:
            throw .invalid("a count window's size and slide must be positive, got \(size) and \(slide)")
        case .tumbling, .sliding: _ = try assigner()
        default: break
        }
    }
}

/// Which clock a window follows.
enum WindowTime: String, Decodable {
    case event, processing
}

extension WindowTrigger: Decodable {
    private enum Keys: String, CodingKey { case type, count, intervalMs, nested }

    public init(from decoder: any Decoder) throws {
        let fields = try decoder.container(keyedBy: Keys.self)
        let type = try fields.decode(String.self, forKey: .type)
        switch type {
        case "event_time": self = .eventTime
        case "processing_time": self = .processingTime
        case "never": self = .never
        case "count": self = .count(try fields.decode(Int64.self, forKey: .count))
        case "continuous_event_time": self = .continuousEventTime(interval: try fields.decode(Int64.self, forKey: .intervalMs))
        case "continuous_processing_time":
            self = .continuousProcessingTime(interval: try fields.decode(Int64.self, forKey: .intervalMs))
        case "purging": self = .purging(try fields.decode(WindowTrigger.self, forKey: .nested))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: fields, debugDescription:
                "unknown trigger '\(type)' (expected event_time, processing_time, count, continuous_event_time, "
                + "continuous_processing_time, never or purging)")
        }
    }
}

extension WindowAssigner {
    /// The assigner as plans spell it (the Swift API writes plans too).
    var planSettings: JSONValue {
        switch self {
        case .tumbling(let size, let offset):
            .object([("type", .string("tumbling")), ("size", .integer(size)), ("offset", .integer(offset))])
        case .sliding(let size, let slide, let offset):
            .object([("type", .string("sliding")), ("size", .integer(size)), ("slide", .integer(slide)), ("offset", .integer(offset))])
        }
    }
}
