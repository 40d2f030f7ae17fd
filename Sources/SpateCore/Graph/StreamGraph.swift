/// How records travel from one operator to the next.
public enum Partitioning: String, Sendable {
    /// Subtask i to subtask i (same parallelism); lets operators chain.
    case forward = "FORWARD"
    /// Record by record, round-robin over the downstream subtasks from a random first one.
    case rebalance = "REBALANCE"
    /// By key group (the batch must carry key groups, set by a key operator).
    case hash = "HASH"
    /// Each record to a random downstream subtask (`DataStream.shuffle()`).
    case shuffle = "SHUFFLE"
    /// Record by record, round-robin over a local group of downstream subtasks (`DataStream.rescale()`).
    case rescale = "RESCALE"
    /// Every record to every downstream subtask (`DataStream.broadcast()`).
    case broadcast = "BROADCAST"
    /// `DataStream.forward()`: like `.forward`, but a change of parallelism is an error, not a
    /// silent rebalance.
    case strictForward = "STRICT_FORWARD"
    /// `partition_custom`: each record to the subtask the user's partitioner chose (carried in the
    /// key column by the partitioner's operator).
    case custom = "CUSTOM"

    /// The name Flink's execution plans give it.
    public var planName: String { self == .strictForward ? "FORWARD" : rawValue }

    public init?(name: String) {
        switch name.lowercased() {
        case "forward": self = .strictForward
        case "rebalance": self = .rebalance
        case "shuffle": self = .shuffle
        case "rescale": self = .rescale
        case "broadcast": self = .broadcast
        case "custom": self = .custom
        default: return nil
        }
    }
}

/// How a node's subtasks are made.
public enum OperatorFactory {
    case source((_ subtaskIndex: Int) throws(SpateError) -> SourceOperator)
    case transform((_ subtaskIndex: Int) throws(SpateError) -> StreamOperator)
}

/// One operator of the logical graph.
public struct StreamNode {
    public let id: Int
    public var name: String
    public var uid: String?
    /// Short kind shown in plans ("Source: Collection Source", "Map", "Keyed Aggregation", ...).
    public var kind: String
    /// 0 means the graph's default.
    public var parallelism: Int
    /// Operators that must run with parallelism 1 (collection sources).
    public var nonParallel: Bool
    public var outputType: DataType
    public var inputs: [(node: Int, partitioning: Partitioning)]
    public var factory: OperatorFactory
    /// Host work that may be fused with a neighbour's (see `FusableFunction`).
    public var fusable: FusableFunction?
    /// The logical input each entry of `inputs` feeds (0 except for two-input operators).
    public var inputIndex: [Int]
    /// Runs with its input's parallelism unless set (key extraction, which Flink chains to its input).
    public var followsInput = false
    /// Per input: the side output of the input node it reads (nil: the main output).
    public var inputSides: [String?] = []
    /// The side outputs this node produces, by name (`OutputTag`), in the order of `RecordBatch.sideOutputs`.
    public var sideOutputs: [String] = []
    public var sideOutputTypes: [DataType] = []
    /// This operator's own buffer timeout (`set_buffer_timeout`), if it has one.
    public var bufferTimeoutMillis: Int64?
    /// What execution plans call its type, when not its name (windows: the assigner, as Flink).
    public var planType: String?
    /// Native key extraction that plans show merged into the host functions before it, as PyFlink
    /// merges its key selector into the Python functions before it.
    public var showsWithFunctionsBefore = false
    /// Whether its output may hold updates and deletions besides inserts (a changelog): true after
    /// a streaming group aggregation, and for what reads such an output.
    public var producesUpdates = false
}

/// Host functions that can be composed into one, so a chain of host UDFs costs one host call per
/// batch (Python map → filter runs as one call, with no conversion in between).
public protocol FusableFunction: AnyObject {
    /// Whether `self` followed by `next` would fuse (without fusing them: plans only look).
    func canFuse(with next: FusableFunction) -> Bool
    /// Whether it computes keys (a key selector): nothing fuses after it.
    var producesKeys: Bool { get }
    /// `self` followed by `next`, or nil if they cannot be fused.
    func fused(with next: FusableFunction) -> FusableFunction?
    /// A transform operator factory running this function.
    func makeFactory() -> OperatorFactory
}

/// A job's logical graph: operators and the edges between them, built by the API layers.
public final class StreamGraph {
    public var defaultParallelism = 1
    /// nil: Flink's default, derived from the parallelism.
    public var maxParallelism: Int?
    public var bufferTimeoutMillis: Int64 = 100
    /// `enable_checkpointing(interval, mode)`: nil when checkpointing is disabled.
    public var checkpointIntervalMillis: Int64?
    public var checkpointingMode: CheckpointCoordinator.Mode = .exactlyOnce
    public var checkpointMinPauseMillis: Int64 = 0
    public var batchSize = 4096
    public var runtimeMode: RuntimeMode = .streaming
    public var jobName = "Spate Job"
    /// Processing time for every operator (tests inject a `ManualClock`).
    public var clock: ProcessingClock = SystemClock()
    /// `python.fn-execution.bundle.size` and `.bundle.time`, when configured (see `CallPacer`).
    public var bundleSize: Int?
    public var bundleTimeMillis: Int64?
    /// `pipeline.auto-watermark-interval`.
    public var autoWatermarkIntervalMillis: Int64 = 200
    public private(set) var nodes: [StreamNode] = []

    public init() {}

    /// Gives operator `id` a buffer timeout of its own (-1: output waits until a batch is full).
    public func setBufferTimeout(of id: Int, to millis: Int64) throws(SpateError) {
        guard nodes.indices.contains(id), millis >= -1 else {
            throw .invalid("buffer timeout of operator \(id) must be -1 or more, got \(millis)")
        }
        nodes[id].bufferTimeoutMillis = millis
    }

    /// Adds an operator and returns its id.
    @discardableResult
    public func add(name: String, kind: String, outputType: DataType, factory: OperatorFactory,
                    inputs: [(node: Int, partitioning: Partitioning)] = [], parallelism: Int = 0,
                    nonParallel: Bool = false, uid: String? = nil, fusable: FusableFunction? = nil,
                    inputIndex: [Int]? = nil) throws(SpateError) -> Int {
        guard parallelism >= 0 else {
            throw .invalid("parallelism of \(name) must be at least 1, got \(parallelism)")
        }
        for input in inputs where !nodes.indices.contains(input.node) {
            throw .invalid("\(name): unknown input operator \(input.node)")
        }
        if case .source = factory, !inputs.isEmpty { throw .invalid("\(name): a source has no inputs") }
        if case .transform = factory, inputs.isEmpty { throw .invalid("\(name): needs at least one input") }
        let id = nodes.count
        nodes.append(StreamNode(id: id, name: name, uid: uid, kind: kind, parallelism: parallelism,
                                nonParallel: nonParallel, outputType: outputType, inputs: inputs,
                                factory: factory, fusable: fusable,
                                inputIndex: inputIndex ?? Array(repeating: 0, count: inputs.count)))
        nodes[id].inputSides = Array(repeating: nil, count: inputs.count)
        nodes[id].producesUpdates = inputs.contains { nodes[$0.node].producesUpdates }
        return id
    }

    public func node(_ id: Int) -> StreamNode { nodes[id] }

    /// The parallelism a node runs with.
    public func effectiveParallelism(_ id: Int) -> Int {
        let node = nodes[id]
        if node.nonParallel { return 1 }
        if node.parallelism == 0 && node.followsInput, let input = node.inputs.first {
            return effectiveParallelism(input.node)
        }
        return node.parallelism > 0 ? node.parallelism : defaultParallelism
    }

    /// Flink's default: min(max(roundUpToPowerOfTwo(p + p / 2), 128), 32768) over the largest p.
    public var effectiveMaxParallelism: Int {
        if let maxParallelism { return maxParallelism }
        let p = nodes.indices.map(effectiveParallelism).max() ?? defaultParallelism
        var power = 1
        while power < p + p / 2 { power <<= 1 }
        return min(max(power, 128), 32768)
    }

    /// Makes node `id` run with its input's parallelism unless it has its own.
    public func followInputParallelism(_ id: Int) { nodes[id].followsInput = true }

    /// Marks node `id`'s output as a changelog with updates (see `StreamNode.producesUpdates`).
    public func markProducesUpdates(_ id: Int) { nodes[id].producesUpdates = true }

    /// Makes input `position` of node `id` read side output `side` of its input node.
    public func readSideOutput(_ id: Int, input position: Int, side: String) { nodes[id].inputSides[position] = side }
    /// Declares the side outputs node `id` produces.
    public func setSideOutputs(_ id: Int, _ names: [String], types: [DataType]) {
        nodes[id].sideOutputs = names
        nodes[id].sideOutputTypes = types
    }

    func setFusable(_ id: Int, _ function: FusableFunction?) { nodes[id].fusable = function }
    func setPlanType(_ id: Int, _ type: String?) { nodes[id].planType = type }
    func showWithFunctionsBefore(_ id: Int) { nodes[id].showsWithFunctionsBefore = true }
    func replaceFactory(_ id: Int, _ factory: OperatorFactory) { nodes[id].factory = factory }
}
