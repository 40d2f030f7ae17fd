/// SpateCore's Swift API: build a job from sources and operators, then run it.
///
/// ```swift
/// let env = StreamEnvironment(parallelism: 2)
/// let sums = try env.sequence(from: 0, to: 999)
///     .keyBy(.int64) { x in x % 10 }
///     .sum()
///     .collect()
/// try env.execute()
/// print(sums.values)   // every running sum, as Int64 values
/// ```
public final class StreamEnvironment {
    /// The plan being built, a node at a time, into `graph`.
    private var builder = PlanBuilder()
    private var collectors: [(node: Int, sink: CollectedValues)] = []

    /// The graph built so far (its settings: parallelism, batch size, clock, ...).
    public var graph: StreamGraph { builder.graph }
    /// The plan of the job built so far, as the Python API would hand it over.
    public var plan: PlanDocument { builder.document }

    public init(parallelism: Int = 1) { graph.defaultParallelism = parallelism }

    /// Adds a plan node of `kind`; returns its stream.
    fileprivate func add(_ kind: String, name: String, inputs: [Stream] = [], parallelism: Int = 0,
                         settings: [(key: String, value: JSONValue)] = []) throws(SpateError) -> Stream {
        var node = PlanNode(id: builder.nodes.count, kind: kind, name: name,
                            inputs: inputs.map { PlanInput(node: $0.node, partitioning: $0.partitioning) }, settings: .object(settings))
        node.parallelism = parallelism
        return Stream(env: self, node: try builder.add(node))
    }

    /// Adds an operator of Swift code.
    fileprivate func add(operator make: @escaping @Sendable () throws(SpateError) -> StreamOperator, name: String, input: Stream,
                         outputType: DataType?, parallelism: Int, keyed: Bool = false,
                         followsInput: Bool = false) throws(SpateError) -> Stream {
        try add(.transform { _ throws(SpateError) in try make() }, name: name, inputs: [input], outputType: outputType,
                parallelism: parallelism, keyed: keyed, followsInput: followsInput)
    }

    private func add(_ factory: OperatorFactory, name: String, inputs: [Stream], outputType: DataType?, parallelism: Int,
                     keyed: Bool = false, followsInput: Bool = false) throws(SpateError) -> Stream {
        var settings: [(key: String, value: JSONValue)] = [("operator", .integer(Int64(builder.addOperator(factory)))),
                                                           ("keyed", .bool(keyed)), ("follows_input", .bool(followsInput))]
        if let outputType { settings.append(("output_type", .string(outputType.description))) }
        return try add(SwiftOperatorNode.kind, name: name, inputs: inputs, parallelism: parallelism, settings: settings)
    }

    /// A source of the caller's own (one instance per subtask).
    public func source(_ name: String, outputType: DataType, parallelism: Int = 0,
                       _ make: @escaping @Sendable (_ subtaskIndex: Int) throws(SpateError) -> SourceOperator) throws(SpateError) -> Stream {
        try add(.source(make), name: name, inputs: [], outputType: outputType, parallelism: parallelism)
    }

    /// The longs `start...end`, split over the source's subtasks.
    public func sequence(from start: Int64, to end: Int64, parallelism: Int = 0) throws(SpateError) -> Stream {
        try add(SequenceSourceNode.kind, name: "Source: Sequence Source", parallelism: parallelism,
                settings: [("start", .integer(start)), ("end", .integer(end))])
    }

    /// The values of a column (and their row kinds; nil: inserts), from one subtask.
    public func collection(_ values: Column, rowKinds: RowKindColumn? = nil) throws(SpateError) -> Stream {
        if let rowKinds, rowKinds.count != values.count {
            throw SpateError(.invalidArgument, "\(values.count) values but \(rowKinds.count) row kinds")
        }
        return try add(CollectionSourceNode.kind, name: "Source: Collection Source",
                       settings: [("values", .integer(Int64(builder.addColumn(values, rowKinds: rowKinds))))])
    }

    /// Runs the job to its end.
    public func execute() throws(SpateError) {
        let job = try Job.start(graph)
        var readers: [OwnedThread] = []
        for (node, sink) in collectors {
            guard let queue = job.collectQueue(node) else { continue }
            readers.append(try OwnedThread(name: "collect") { sink.drain(queue) })
        }
        defer { for reader in readers { reader.join() } }
        try job.waitUntilFinished()
    }

    func register(_ node: Int, _ sink: CollectedValues) { collectors.append((node, sink)) }

    /// A stream in the Swift API.
    public struct Stream {
        let env: StreamEnvironment
        public let node: Int
        /// How the next operator reads this stream (nil: by key after a key, else forward).
        var partitioning: PartitioningName?

        init(env: StreamEnvironment, node: Int) {
            self.env = env
            self.node = node
        }

        /// The same stream, read by the next operator as `partitioning` says (`rebalance()`,
        /// `partition_custom` after a step that chose each record's subtask as its key, ...).
        public func partitioned(_ partitioning: PartitioningName) -> Stream {
            var stream = self
            stream.partitioning = partitioning
            return stream
        }

        var type: DataType { env.graph.node(node).outputType }
        var keyed: Bool { env.builder.isKeyed(node) }

        /// Applies `body` to each batch (the general form of map, filter and flat map).
        public func transform(_ name: String = "Map", outputType: DataType? = nil, parallelism: Int = 0,
                              _ body: @escaping @Sendable (RecordBatch) throws(SpateError) -> RecordBatch?) throws(SpateError) -> Stream {
            try env.add(operator: { Operators.transform(body) }, name: name, input: self, outputType: outputType,
                        parallelism: parallelism)
        }

        /// Runs an operator of the caller's own (one instance per subtask).
        public func apply(_ name: String, outputType: DataType? = nil, parallelism: Int = 0,
                          _ make: @escaping @Sendable () throws(SpateError) -> StreamOperator) throws(SpateError) -> Stream {
            try env.add(operator: make, name: name, input: self, outputType: outputType, parallelism: parallelism)
        }

        /// Maps each Int64 to an Int64.
        public func map(_ body: @escaping @Sendable (Int64) -> Int64) throws(SpateError) -> Stream {
            try transform { batch in
                let output = mapInt64(batch.values, body)
                return RecordBatch(values: output, timestamps: batch.timestamps)
            }
        }

        /// Gives each Int64 record an event timestamp, and emits watermarks every
        /// `autoWatermarkIntervalMillis`, `outOfOrderness` behind the largest timestamp.
        public func assignTimestamps(outOfOrderness: Int64 = 0, _ timestamp: @escaping @Sendable (Int64) -> Int64) throws(SpateError) -> Stream {
            let stamped = try transform("Timestamps") { batch in
                let times = mapInt64(batch.values, timestamp)
                return RecordBatch(values: batch.values, keys: batch.keys, timestamps: times)
            }
            return try env.add(WatermarksNode.kind, name: "Watermarks", inputs: [stamped],
                               settings: [("out_of_orderness_ms", .integer(outOfOrderness))])
        }

        /// Maps each Int64 of a keyed stream, keeping the records' keys (for a window's value).
        public func mapValues(_ body: @escaping @Sendable (Int64) -> Int64) throws(SpateError) -> Stream {
            try env.add(operator: {
                Operators.transform { batch in
                    let output = mapInt64(batch.values, body)
                    return RecordBatch(values: output, keys: batch.keys, timestamps: batch.timestamps)
                }
            }, name: "Map", input: self, outputType: nil, parallelism: 0, keyed: keyed)
        }

        /// Keyed event-time windows aggregating each window's values natively.
        public func window(_ assigner: WindowAssigner, _ kind: AggregationKind, parallelism: Int = 0) throws(SpateError) -> Stream {
            try env.add(WindowAggregateNode.kind, name: "Window", inputs: [self], parallelism: parallelism,
                        settings: [("window", assigner.planSettings), ("aggregation", .string(kind.planName))])
        }

        /// Partitions by a key computed from each Int64 value.
        public func keyBy(_ keyType: DataType, parallelism: Int = 0, _ key: @escaping @Sendable (Int64) -> Int64) throws(SpateError) -> Stream {
            try env.add(operator: {
                Operators.transform { batch in
                    let keys = mapInt64(batch.values, key)
                    return RecordBatch(values: batch.values, keys: keys, timestamps: batch.timestamps, rowKinds: batch.rowKinds)
                }
            }, name: "Key By", input: self, outputType: nil, parallelism: parallelism, keyed: true, followsInput: true)
        }

        /// Built-in keyed aggregations (the stream must be keyed).
        public func aggregate(_ kind: AggregationKind, field: Int? = nil, parallelism: Int = 0) throws(SpateError) -> Stream {
            var settings: [(key: String, value: JSONValue)] = [("aggregation", .string(kind.planName))]
            if let field { settings.append(("field", .integer(Int64(field)))) }
            return try env.add(KeyedAggregateNode.kind, name: "Keyed Aggregation", inputs: [self], parallelism: parallelism,
                               settings: settings)
        }

        public func sum(field: Int? = nil, parallelism: Int = 0) throws(SpateError) -> Stream {
            try aggregate(.sum, field: field, parallelism: parallelism)
        }

        public func union(_ others: Stream...) throws(SpateError) -> Stream {
            try env.add(UnionNode.kind, name: "Union", inputs: [self] + others)
        }

        /// Collects every record; read `values` after `execute()`.
        public func collect(parallelism: Int = 0) throws(SpateError) -> CollectedValues {
            let sink = CollectedValues()
            let id = try env.add(CollectNode.kind, name: Operators.Kind.collect, inputs: [self], parallelism: parallelism).node
            env.register(id, sink)
            return sink
        }

        /// Counts records and drops them.
        public func discard(parallelism: Int = 0) throws(SpateError) -> RecordCounter {
            let counter = RecordCounter()
            _ = try env.add(operator: { Operators.discard(counter) }, name: Operators.Kind.discard, input: self, outputType: nil,
                            parallelism: parallelism)
            return counter
        }

        public func print(parallelism: Int = 0) throws(SpateError) {
            _ = try env.add(PrintNode.kind, name: Operators.Kind.print, inputs: [self], parallelism: parallelism)
        }
    }
}

/// `body` applied to every value of an Int64 column (the Swift API's per-value closures).
private func mapInt64(_ column: Column, _ body: (Int64) -> Int64) -> PrimitiveColumn<Int64> {
    let input = unsafeDowncast(column, to: PrimitiveColumn<Int64>.self)
    let result = PrimitiveColumn<Int64>(type: .int64, capacity: input.count)
    let values = input.values
    let out = result.values.extend(by: input.count)
    for row in 0..<input.count { out[row] = body(values[row]) }
    result.count = input.count
    return result
}

/// The batches a collect sink received, readable after the job ran.
// @unchecked: `batches` is read and written only under `monitor`.
public final class CollectedValues: @unchecked Sendable {
    private let monitor = Monitor()
    private var batches: [RecordBatch] = []

    func drain(_ queue: CollectQueue) {
        while case .batch(let batch) = queue.next(timeoutMillis: nil) {
            monitor.withLock { batches.append(batch) }
        }
    }

    public var allBatches: [RecordBatch] { monitor.withLock { batches } }

    /// Every value, for a stream of Int64.
    public var int64Values: [Int64] {
        allBatches.flatMap { batch in
            let column = unsafeDowncast(batch.values, to: PrimitiveColumn<Int64>.self)
            return (0..<column.count).map { column.values[$0] }
        }
    }
}
