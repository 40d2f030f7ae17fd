/// A job's plan as an API layer hands it to the runtime: one versioned JSON document (see
/// ARCHITECTURE.md, "The plan"). Nodes are listed after their inputs; a node's id is its position.
///
/// ```json
/// {"version": 1, "job": {"parallelism": 2},
///  "nodes": [{"id": 0, "kind": "sequence_source", "name": "Source", "settings": {"start": 1, "end": 9}},
///            {"id": 1, "kind": "print", "name": "Print", "inputs": [{"node": 0}], "settings": {}}]}
/// ```
public struct PlanDocument: Decodable, Sendable {
    /// The version this runtime reads.
    public static let currentVersion = 1

    public var version: Int
    public var job: JobSettings?
    public var nodes: [PlanNode]

    /// Reads a plan's JSON text; checks only its shape and version (`PlanBuilder` checks the rest).
    public init(parsing text: String) throws(SpateError) {
        let value = try JSONValue(parsing: text)
        guard case .object = value else { throw .invalid("a plan must be a JSON object, got \(value.kindName)") }
        guard case .integer(let version)? = value["version"] else {
            throw .invalid("a plan needs a whole-number 'version' (this Spate reads version \(Self.currentVersion))")
        }
        guard version == Self.currentVersion else {
            throw .invalid("plan version \(version) is not supported (this Spate reads version \(Self.currentVersion))")
        }
        self = try value.decode(PlanDocument.self)
    }

    public init(job: JobSettings? = nil, nodes: [PlanNode]) {
        self.version = Self.currentVersion
        self.job = job
        self.nodes = nodes
    }
}

/// Settings of the whole job (`StreamExecutionEnvironment`'s); nil means the default.
public struct JobSettings: Decodable, Sendable {
    public var name: String?
    public var parallelism: Int?
    public var maxParallelism: Int?
    /// `set_buffer_timeout`: -1 holds output until a batch is full.
    public var bufferTimeoutMs: Int64?
    public var runtimeMode: RuntimeMode?
    public var batchSize: Int?
    /// `pipeline.auto-watermark-interval`.
    public var autoWatermarkIntervalMs: Int64?
    /// nil: checkpointing is disabled.
    public var checkpoints: CheckpointSettings?
    /// Tests: time moves this many ms at every reading of the clock, from 0.
    public var tickingClockStepMs: Int64?
    /// `python.fn-execution.bundle.size` / `.bundle.time`: how many records and how long a host
    /// function's results may be held (see `CallPacer`).
    public var bundleSize: Int?
    public var bundleTimeMs: Int64?

    public init() {}
}

public struct CheckpointSettings: Decodable, Sendable {
    public var intervalMs: Int64
    public var mode: CheckpointCoordinator.Mode?
    public var minPauseMs: Int64?

    public init(intervalMs: Int64, mode: CheckpointCoordinator.Mode? = nil, minPauseMs: Int64? = nil) {
        self.intervalMs = intervalMs
        self.mode = mode
        self.minPauseMs = minPauseMs
    }
}

/// One operator of the plan: what it is (`kind` and its `settings`), where its input comes from,
/// and what errors should call it.
public struct PlanNode: Decodable, Sendable {
    public var id: Int
    public var kind: String
    public var name: String
    public var uid: String?
    /// nil or 0: the job's parallelism.
    public var parallelism: Int?
    /// The operator's own `set_buffer_timeout`.
    public var bufferTimeoutMs: Int64?
    /// Where the script made it (`job.py:12`), for error messages.
    public var origin: String?
    /// What execution plans call its type, when not its name (Flink shows a window's assigner).
    public var display: String?
    public var inputs: [PlanInput]?
    /// The side outputs (OutputTags) the node produces and some node reads.
    public var sideOutputs: [PlanSideOutput]?
    /// The kind's own settings: decoded by the kind's `PlanNodeKind` type.
    public var settings: JSONValue?

    public init(id: Int, kind: String, name: String, inputs: [PlanInput] = [], settings: JSONValue = .object([])) {
        self.id = id
        self.kind = kind
        self.name = name
        self.inputs = inputs
        self.settings = settings
    }

    /// The node as error messages name it: `node 3 'Map' (job.py:12)`.
    public var label: String {
        "node \(id) '\(name)'" + (origin.map { " (\($0))" } ?? "")
    }
}

/// An edge: which node (and which of its side outputs) feeds this input, and how records travel.
public struct PlanInput: Decodable, Sendable {
    public var node: Int
    /// nil: by key after a keyed node, else forward.
    public var partitioning: PartitioningName?
    /// The producer's side output read here (nil: its main output).
    public var side: String?

    public init(node: Int, partitioning: PartitioningName? = nil, side: String? = nil) {
        self.node = node
        self.partitioning = partitioning
        self.side = side
    }
}

/// The partitionings a plan may ask for (hash partitioning follows from a keyed input).
public enum PartitioningName: String, Decodable, Sendable {
    case forward, rebalance, shuffle, rescale, broadcast, custom

    var partitioning: Partitioning {
        switch self {
        case .forward: .strictForward
        case .rebalance: .rebalance
        case .shuffle: .shuffle
        case .rescale: .rescale
        case .broadcast: .broadcast
        case .custom: .custom
        }
    }
}

public struct PlanSideOutput: Decodable, Sendable {
    public var tag: String
    public var type: DataType
}

extension DataType: Decodable {
    /// Types travel in plans as type strings (`tuple<str,i64>`).
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try DataType(parsing: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }
}

extension RuntimeMode: Decodable {}
extension CheckpointCoordinator.Mode: Decodable {}
