/// Turns a `PlanDocument` into the runtime's `StreamGraph`: checks the plan (edges, kinds,
/// settings, functions), infers every node's output type, binds host functions to their types.
/// Every error names the node and where the script made it. The Swift API builds its jobs
/// through it too, a node at a time.
///
/// ```swift
/// let graph = try PlanBuilder.build(try PlanDocument(parsing: text), functions: binder)
/// ```
public struct PlanBuilder {
    /// Every node kind a plan may use, by name.
    static let kinds: [String: any PlanNodeKind.Type] = {
        var table: [String: any PlanNodeKind.Type] = [:]
        for kind in allNodeKinds { table[kind.kind] = kind }
        return table
    }()

    public let graph: StreamGraph
    let functions: (any HostFunctionBinder)?
    private(set) var columns: [Column]
    /// The row kinds of the columns that have records other than inserts, by column number.
    private(set) var rowKinds: [Int: RowKindColumn]
    /// Operators made by Swift code (the Swift API's closures), named by `swift_operator` nodes.
    private(set) var operators: [OperatorFactory] = []
    /// The nodes added so far: the plan of the graph.
    public private(set) var nodes: [PlanNode] = []
    /// Per node added: whether its output is keyed.
    private(set) var keyed: [Bool] = []

    /// A builder adding to `graph`. `functions` binds the host functions the plan names by
    /// number; `columns` are the values collection sources name by number.
    public init(graph: StreamGraph = StreamGraph(), functions: (any HostFunctionBinder)? = nil, columns: [Column] = [],
                rowKinds: [Int: RowKindColumn] = [:]) {
        self.graph = graph
        self.functions = functions
        self.columns = columns
        self.rowKinds = rowKinds
    }

    /// Builds the graph of `document`; `rowKinds` are the kinds of the columns' records (a column
    /// without an entry holds inserts).
    public static func build(_ document: PlanDocument, functions: (any HostFunctionBinder)? = nil,
                             columns: [Column] = [], rowKinds: [Int: RowKindColumn] = [:]) throws(SpateError) -> StreamGraph {
        var builder = PlanBuilder(functions: functions, columns: columns, rowKinds: rowKinds)
        try builder.apply(document.job)
        try Self.checkEdges(of: document.nodes)
        for node in document.nodes { _ = try builder.add(node) }
        return builder.graph
    }

    /// The plan of what was added, as a document.
    public var document: PlanDocument { PlanDocument(nodes: nodes) }

    /// Keyed: whether node `id`'s consumers read it by key unless told otherwise.
    public func isKeyed(_ id: Int) -> Bool { keyed.indices.contains(id) && keyed[id] }

    /// Adds values (and their row kinds; nil: inserts) for a collection source; returns their
    /// number in the plan.
    public mutating func addColumn(_ column: Column, rowKinds kinds: RowKindColumn? = nil) -> Int {
        columns.append(column)
        if let kinds { rowKinds[columns.count - 1] = kinds }
        return columns.count - 1
    }

    /// Adds an operator (or source) made by Swift code; returns its number for a `swift_operator` node.
    public mutating func addOperator(_ factory: OperatorFactory) -> Int {
        operators.append(factory)
        return operators.count - 1
    }

    /// Applies a plan's job settings to the graph.
    public func apply(_ job: JobSettings?) throws(SpateError) {
        guard let job else { return }
        func atLeast<T: BinaryInteger>(_ value: T?, _ minimum: T, _ name: String) throws(SpateError) -> T? {
            guard let value else { return nil }
            guard value >= minimum else { throw .invalid("job.\(name) must be at least \(minimum), got \(value)") }
            return value
        }
        if let name = job.name { graph.jobName = name }
        if let parallelism = try atLeast(job.parallelism, 1, "parallelism") { graph.defaultParallelism = parallelism }
        // Checked with the job's other limits when it starts (ExecutionPlan).
        if let maximum = job.maxParallelism { graph.maxParallelism = maximum }
        if let timeout = try atLeast(job.bufferTimeoutMs, -1, "buffer_timeout_ms") { graph.bufferTimeoutMillis = timeout }
        if let mode = job.runtimeMode { graph.runtimeMode = mode }
        if let size = try atLeast(job.batchSize, 1, "batch_size") { graph.batchSize = size }
        if let interval = try atLeast(job.autoWatermarkIntervalMs, 0, "auto_watermark_interval_ms") {
            graph.autoWatermarkIntervalMillis = interval
        }
        if let checkpoints = job.checkpoints {
            graph.checkpointIntervalMillis = try atLeast(checkpoints.intervalMs, 1, "checkpoints.interval_ms")
            if let mode = checkpoints.mode { graph.checkpointingMode = mode }
            if let pause = try atLeast(checkpoints.minPauseMs, 0, "checkpoints.min_pause_ms") { graph.checkpointMinPauseMillis = pause }
        }
        if let step = try atLeast(job.tickingClockStepMs, 0, "ticking_clock_step_ms") { graph.clock = TickingClock(step: step) }
        if let size = try atLeast(job.bundleSize, 1, "bundle_size") { graph.bundleSize = size }
        if let time = try atLeast(job.bundleTimeMs, 1, "bundle_time_ms") { graph.bundleTimeMillis = time }
    }

    /// Ids are positions and every input is listed before its node, so the nodes are already in
    /// the order they are built; anything else is a dangling edge or a cycle, named here.
    private static func checkEdges(of nodes: [PlanNode]) throws(SpateError) {
        guard !nodes.isEmpty else { throw .invalid("a plan needs at least one node") }
        for (position, node) in nodes.enumerated() {
            guard node.id == position else {
                throw .invalid("\(node.label): ids must number the nodes in order, expected id \(position)")
            }
        }
        for node in nodes {
            for input in node.inputs ?? [] {
                guard nodes.indices.contains(input.node) else {
                    throw .invalid("\(node.label): input \(input.node) is not a node of the plan (it has \(nodes.count))")
                }
                guard input.node < node.id else {
                    if let cycle = cycle(through: node.id, in: nodes) {
                        throw .invalid("\(node.label) is part of a cycle: " + cycle.map { "\($0)" }.joined(separator: " -> "))
                    }
                    throw .invalid("\(node.label): its input \(nodes[input.node].label) must be listed before it")
                }
            }
        }
    }

    /// A path of input edges from `start` back to itself, if there is one.
    static func cycle(through start: Int, in nodes: [PlanNode]) -> [Int]? {
        var path: [Int] = [start]
        var visited: Set<Int> = []
        // Depth-first over inputs with an explicit stack (no recursion on user input).
        var stack: [(node: Int, next: Int)] = [(start, 0)]
        while let top = stack.last {
            let inputs = nodes[top.node].inputs ?? []
            guard top.next < inputs.count else {
                stack.removeLast()
                path.removeLast()
                continue
            }
            stack[stack.count - 1].next += 1
            let input = inputs[top.next].node
            guard nodes.indices.contains(input) else { continue }
            if input == start { return path + [start] }
            if visited.insert(input).inserted {
                stack.append((input, 0))
                path.append(input)
            }
        }
        return nil
    }

    /// Adds `node` (its id must be the next one, its inputs nodes already added); returns its id.
    @discardableResult
    public mutating func add(_ node: PlanNode) throws(SpateError) -> Int {
        guard node.id == nodes.count else {
            throw .invalid("\(node.label): ids must number the nodes in order, expected id \(nodes.count)")
        }
        for input in node.inputs ?? [] where !nodes.indices.contains(input.node) {
            throw .invalid("\(node.label): input \(input.node) is not a node of the plan (it has \(nodes.count))")
        }
        guard let kind = Self.kinds[node.kind] else {
            let known = Self.kinds.keys.sorted().joined(separator: ", ")
            throw .invalid("\(node.label): unknown kind '\(node.kind)' (known: \(known))")
        }
        guard (node.parallelism ?? 0) >= 0 else {
            throw .invalid("\(node.label): parallelism must be at least 1, got \(node.parallelism ?? 0)")
        }
        let id: Int
        let keysOutput: Bool
        do {
            let settings = try (node.settings ?? .object([])).decode(kind, path: "settings")
            var context = PlanNodeContext(node: node, builder: self)
            id = try settings.add(to: &context)
            keysOutput = settings.keysOutput
        } catch {
            throw error.message.hasPrefix(node.label) ? error : SpateError(error.kind, "\(node.label): \(error.message)")
        }
        if let sides = node.sideOutputs, !sides.isEmpty {
            graph.setSideOutputs(id, sides.map(\.tag), types: sides.map(\.type))
        }
        for (position, input) in (node.inputs ?? []).enumerated() {
            if let side = input.side { graph.readSideOutput(id, input: position, side: side) }
        }
        if let timeout = node.bufferTimeoutMs { try graph.setBufferTimeout(of: id, to: timeout) }
        if let display = node.display { graph.setPlanType(id, display) }
        keyed.append(keysOutput)
        nodes.append(node)
        return id
    }
}

/// One kind of plan node: its settings (decoded from the node's `settings`, snake_case keys) and
/// how it joins the graph.
///
/// ```swift
/// struct Union: PlanNodeKind {
///     static let kind = "union"
///     func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
///         try node.add(kind: "Union", outputType: node.inputType(), factory: .transform { _ in Operators.union() })
///     }
/// }
/// ```
public protocol PlanNodeKind: Decodable, Sendable {
    static var kind: String { get }
    /// Whether consumers read the output by key (a key_by) unless the plan says otherwise.
    static var keysItsOutput: Bool { get }
    /// The same for one node of the kind (the Swift API's operators say so per node).
    var keysOutput: Bool { get }
    /// Adds the node's operator to the graph; returns its graph id.
    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int
}

extension PlanNodeKind {
    public static var keysItsOutput: Bool { false }
    public var keysOutput: Bool { Self.keysItsOutput }
}
