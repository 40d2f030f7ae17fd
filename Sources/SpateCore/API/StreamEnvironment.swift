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
    public let graph = StreamGraph()
    private var collectors: [(node: Int, sink: CollectedValues)] = []

    public init(parallelism: Int = 1) { graph.defaultParallelism = parallelism }

    /// The longs `start...end`, split over the source's subtasks.
    public func sequence(from start: Int64, to end: Int64, parallelism: Int = 0) throws(SpateError) -> Stream {
        let id = try graph.add(name: "Source: Sequence Source", kind: Operators.Kind.sequenceSource, outputType: .int64,
                                factory: .source { _ in Operators.sequence(from: start, to: end) }, parallelism: parallelism)
        return Stream(env: self, node: id, keyed: false)
    }

    /// The values of a column (and their row kinds; nil: inserts), from one subtask.
    public func collection(_ values: Column, rowKinds: RowKindColumn? = nil) throws(SpateError) -> Stream {
        if let rowKinds, rowKinds.count != values.count {
            throw SpateError(.invalidArgument, "\(values.count) values but \(rowKinds.count) row kinds")
        }
        let id = try graph.add(name: "Source: Collection Source", kind: Operators.Kind.collectionSource,
                                outputType: values.type,
                                factory: .source { _ in Operators.collection(values, rowKinds: rowKinds) },
                                nonParallel: true)
        return Stream(env: self, node: id, keyed: false)
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
        let keyed: Bool

        var type: DataType { env.graph.node(node).outputType }
        var partitioning: Partitioning { keyed ? .hash : .forward }

        private func add(_ name: String, kind: String, type: DataType, parallelism: Int = 0,
                         keyed: Bool = false, _ make: @escaping () throws(SpateError) -> StreamOperator) throws(SpateError) -> Stream {
            let id = try env.graph.add(name: name, kind: kind, outputType: type,
                                        factory: .transform { _ throws(SpateError) in try make() },
                                        inputs: [(node, partitioning)], parallelism: parallelism)
            return Stream(env: env, node: id, keyed: keyed)
        }

        /// Applies `body` to each batch (the general form of map, filter and flat map).
        public func transform(_ name: String = "Map", outputType: DataType? = nil, parallelism: Int = 0,
                              _ body: @escaping (RecordBatch) throws(SpateError) -> RecordBatch?) throws(SpateError) -> Stream {
            try add(name, kind: name, type: outputType ?? type, parallelism: parallelism) { Operators.transform(body) }
        }

        /// Runs an operator of the caller's own (one instance per subtask).
        public func apply(_ name: String, outputType: DataType? = nil, parallelism: Int = 0,
                          _ make: @escaping () throws(SpateError) -> StreamOperator) throws(SpateError) -> Stream {
            try add(name, kind: name, type: outputType ?? type, parallelism: parallelism, make)
        }

        /// Maps each Int64 to an Int64.
        public func map(_ body: @escaping (Int64) -> Int64) throws(SpateError) -> Stream {
            try transform { batch in
                let output = mapInt64(batch.values, body)
                return RecordBatch(values: output, timestamps: batch.timestamps)
            }
        }

        /// Gives each Int64 record an event timestamp, and emits watermarks every
        /// `autoWatermarkIntervalMillis`, `outOfOrderness` behind the largest timestamp.
        public func assignTimestamps(outOfOrderness: Int64 = 0, _ timestamp: @escaping (Int64) -> Int64) throws(SpateError) -> Stream {
            let stamped = try transform("Timestamps") { batch in
                let times = mapInt64(batch.values, timestamp)
                return RecordBatch(values: batch.values, keys: batch.keys, timestamps: times)
            }
            let interval = env.graph.autoWatermarkIntervalMillis
            return try stamped.apply("Watermarks") { Operators.watermarks(outOfOrderness: outOfOrderness, intervalMillis: interval) }
        }

        /// Maps each Int64 of a keyed stream, keeping the records' keys (for a window's value).
        public func mapValues(_ body: @escaping (Int64) -> Int64) throws(SpateError) -> Stream {
            let mapped = try transform { batch in
                let output = mapInt64(batch.values, body)
                return RecordBatch(values: output, keys: batch.keys, timestamps: batch.timestamps)
            }
            return Stream(env: env, node: mapped.node, keyed: keyed)
        }

        /// Keyed event-time windows aggregating each window's values natively.
        public func window(_ assigner: WindowAssigner, _ kind: AggregationKind, parallelism: Int = 0) throws(SpateError) -> Stream {
            try assigner.validate()
            let valueType = type
            return try add("Window", kind: "Window", type: valueType, parallelism: parallelism) { () throws(SpateError) in
                try Operators.windowAggregate(assigner, kind, type: valueType)
            }
        }

        /// Partitions by a key computed from each Int64 value.
        public func keyBy(_ keyType: DataType, parallelism: Int = 0, _ key: @escaping (Int64) -> Int64) throws(SpateError) -> Stream {
            let id = try env.graph.add(
                name: "Key By", kind: "Key By", outputType: type,
                factory: .transform { _ in
                    Operators.transform { batch in
                        let keys = mapInt64(batch.values, key)
                        return RecordBatch(values: batch.values, keys: keys, timestamps: batch.timestamps, rowKinds: batch.rowKinds)
                    }
                },
                inputs: [(node, partitioning)], parallelism: parallelism)
            env.graph.followInputParallelism(id)
            return Stream(env: env, node: id, keyed: true)
        }

        /// Built-in keyed aggregations (the stream must be keyed).
        public func aggregate(_ kind: AggregationKind, field: Int? = nil, parallelism: Int = 0) throws(SpateError) -> Stream {
            let streamType = type
            return try add("Keyed Aggregation", kind: "Keyed Aggregation", type: streamType, parallelism: parallelism) { () throws(SpateError) in
                try Operators.keyedAggregate(kind, type: streamType, field: field)
            }
        }

        public func sum(field: Int? = nil, parallelism: Int = 0) throws(SpateError) -> Stream {
            try aggregate(.sum, field: field, parallelism: parallelism)
        }

        public func union(_ others: Stream...) throws(SpateError) -> Stream {
            let inputs = [(node, partitioning)] + others.map { ($0.node, $0.partitioning) }
            let id = try env.graph.add(name: "Union", kind: "Union", outputType: type,
                                        factory: .transform { _ in Operators.union() }, inputs: inputs)
            return Stream(env: env, node: id, keyed: false)
        }

        /// Collects every record; read `values` after `execute()`.
        public func collect(parallelism: Int = 0) throws(SpateError) -> CollectedValues {
            let sink = CollectedValues()
            let id = try add(Operators.Kind.collect, kind: Operators.Kind.collect, type: type, parallelism: parallelism) {
                Operators.collect()
            }.node
            env.register(id, sink)
            return sink
        }

        /// Counts records and drops them.
        public func discard(parallelism: Int = 0) throws(SpateError) -> RecordCounter {
            let counter = RecordCounter()
            _ = try add(Operators.Kind.discard, kind: Operators.Kind.discard, type: type, parallelism: parallelism) {
                Operators.discard(counter)
            }
            return counter
        }

        public func print(parallelism: Int = 0) throws(SpateError) {
            _ = try add(Operators.Kind.print, kind: Operators.Kind.print, type: type, parallelism: parallelism) {
                Operators.print(identifier: nil)
            }
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
