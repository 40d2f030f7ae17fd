/// Built-in nodes that reshape or time a stream without a host function.

/// `window_all`: every record under one key, so one subtask holds the whole stream's windows.
struct KeyConstantNode: PlanNodeKind {
    static let kind = "key_constant"
    static let keysItsOutput = true

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(1)
        let id = try node.add(kind: "Key By", outputType: try node.inputType(),
                              factory: .transform { _ in Operators.transform(KeyByConstant()) })
        node.graph.followInputParallelism(id)
        node.graph.showWithFunctionsBefore(id)
        return id
    }
}

/// `key_by(lambda t: t[i])` recognized by the API: the key read from one field, natively.
struct KeyByFieldNode: PlanNodeKind {
    static let kind = "key_by_field"
    static let keysItsOutput = true
    var field: Int

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(1)
        let type = try node.inputType()
        guard let fields = type.fields, fields.indices.contains(field) else {
            throw .invalid("field \(field) is out of range for \(type.flinkName)")
        }
        let position = field
        let id = try node.add(kind: "Key By", outputType: type, factory: .transform { _ in Operators.transform(KeyByField(position)) })
        node.graph.followInputParallelism(id)
        node.graph.showWithFunctionsBefore(id)
        return id
    }
}

/// A watermark strategy's generator: `max timestamp - out-of-orderness - 1`, every interval.
struct WatermarksNode: PlanNodeKind {
    static let kind = "watermarks"
    /// nil: no watermarks (`WatermarkStrategy.no_watermarks()`).
    var outOfOrdernessMs: Int64?
    /// nil: the job's `auto_watermark_interval_ms`.
    var intervalMs: Int64?
    /// `with_idleness`.
    var idleTimeoutMs: Int64?

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(1)
        if let outOfOrdernessMs, outOfOrdernessMs < 0 {
            throw .invalid("the out-of-orderness must not be negative, got \(outOfOrdernessMs) ms")
        }
        if let idleTimeoutMs, idleTimeoutMs <= 0 { throw .invalid("the idle timeout must be positive, got \(idleTimeoutMs) ms") }
        // BATCH mode has one watermark, at the end of the input (Flink ignores generators there).
        let outOfOrderness = node.graph.runtimeMode == .batch ? nil : outOfOrdernessMs
        let interval = intervalMs.flatMap { $0 > 0 ? $0 : nil } ?? node.graph.autoWatermarkIntervalMillis
        let idle = idleTimeoutMs
        let id = try node.add(kind: "Watermarks", outputType: try node.inputType(), factory: .transform { _ in
            Operators.watermarks(outOfOrderness: outOfOrderness, intervalMillis: interval, idleTimeout: idle)
        })
        node.graph.followInputParallelism(id)
        return id
    }
}

/// `project(*fields)`: a tuple of chosen fields, reusing the input's field columns.
struct ProjectNode: PlanNodeKind {
    static let kind = "project"
    var fields: [Int]

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(1)
        let input = try node.inputType()
        guard let inputFields = input.fields, !fields.isEmpty, fields.allSatisfy(inputFields.indices.contains) else {
            throw .invalid("cannot project fields \(fields) of \(input.flinkName)")
        }
        let positions = fields
        let type = DataType.tuple(positions.map { inputFields[$0].type })
        return try node.add(kind: "Projection", outputType: type,
                            factory: .transform { _ in Operators.project(positions: positions, type: type) })
    }
}

/// `union(*streams)`: streams of one type as one.
struct UnionNode: PlanNodeKind {
    static let kind = "union"

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        guard !node.inputs.isEmpty else { throw .invalid("union needs inputs") }
        let type = try node.inputType(0)
        for position in node.inputs.indices {
            let other = try node.inputType(position)
            guard other == type else { throw .invalid("cannot union streams of \(type.flinkName) and \(other.flinkName)") }
        }
        return try node.add(kind: UnionOperator.kind, outputType: type, factory: .transform { _ in Operators.union() })
    }
}

/// `KeyedStream.sum/min/max/min_by/max_by(field)`: a running aggregate per key, natively.
struct KeyedAggregateNode: PlanNodeKind {
    static let kind = "keyed_aggregate"
    var aggregation: AggregationKind
    /// The field of a tuple or row (ignored for plain values).
    var field: Int?

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(1)
        try node.requireKeyedInput()
        let type = try node.inputType()
        let fieldIndex: Int? = type.isComposite ? field : nil
        let aggregation = self.aggregation
        _ = try Operators.keyedAggregate(aggregation, type: type, field: fieldIndex)  // validates now
        return try node.add(kind: "Keyed Aggregation", outputType: type, factory: .transform { _ throws(SpateError) in
            try Operators.keyedAggregate(aggregation, type: type, field: fieldIndex)
        })
    }
}

extension AggregationKind: Decodable {
    /// The name plans give it.
    var planName: String {
        switch self {
        case .sum: "sum"
        case .min: "min"
        case .max: "max"
        case .minBy: "min_by"
        case .maxBy: "max_by"
        case .count: "count"
        }
    }

    /// Plans spell them as the API does: `sum`, `min`, `max`, `min_by`, `max_by`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let kind = ([.sum, .min, .max, .minBy, .maxBy, .count] as [AggregationKind]).first(where: { $0.planName == name }) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription:
                "unknown aggregation '\(name)' (expected sum, min, max, min_by, max_by or count)")
        }
        self = kind
    }
}

/// Every node kind a plan may name.
let allNodeKinds: [any PlanNodeKind.Type] = [
    CollectionSourceNode.self, SequenceSourceNode.self, FileSourceNode.self, TableSourceNode.self, TableSinkNode.self,
    MapNode.self, FlatMapNode.self, BatchMapNode.self, FilterNode.self, KeyByNode.self, PartitionKeyNode.self,
    AssignTimestampsNode.self, ProcessNode.self, KeyedProcessNode.self, ReduceNode.self, CoMapNode.self, CoFlatMapNode.self, CoProcessNode.self,
    WindowReduceNode.self, WindowProcessNode.self, WindowAggregateNode.self, SwiftOperatorNode.self,
    KeyConstantNode.self, KeyByFieldNode.self, WatermarksNode.self, ProjectNode.self, UnionNode.self, KeyedAggregateNode.self,
    PrintNode.self, CollectNode.self, FileSinkNode.self, CalcNode.self, GroupKeyNode.self, GroupAggregateNode.self, TableFunctionNode.self, InsertOnlyNode.self, ChangelogNode.self,
    JoinKeyNode.self, JoinNode.self, SetOperationNode.self, SortNode.self,
]
