/// Nodes whose work is a host function (a Python UDF), called once per batch.

extension PlanNodeContext {
    /// A one-input node running host function `function`; map-like ones chain and fuse with
    /// their neighbours. `output` nil: the records pass on unchanged (filters, keys, timestamps).
    func addFunction(_ function: Int, as convention: CallConvention, kind: String, output: DataType?,
                     key: DataType? = nil, fusable: Bool = true) throws(SpateError) -> Int {
        try requireInputs(1)
        let input = try inputType()
        let host = try bind(function, as: convention, input: input, output: output, key: key)
        let id = try add(kind: kind, outputType: output ?? input, factory: host.makeFactory(), fusable: fusable ? host : nil)
        // Flink runs the key selector chained to its input, at the input's parallelism.
        if convention == .key { graph.followInputParallelism(id) }
        return id
    }
}

/// `map(func, output_type)`.
struct MapNode: PlanNodeKind {
    static let kind = "map"
    var function: Int
    var outputType: DataType

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.addFunction(function, as: .map, kind: "Map", output: outputType)
    }
}

/// `flat_map(func, output_type)`.
struct FlatMapNode: PlanNodeKind {
    static let kind = "flat_map"
    var function: Int
    var outputType: DataType

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.addFunction(function, as: .flatMap, kind: "Flat Map", output: outputType)
    }
}

/// Async I/O (`AsyncDataStream`): one host call per batch, results in input or completion order.
struct BatchMapNode: PlanNodeKind {
    static let kind = "batch_map"
    var function: Int
    var outputType: DataType

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.addFunction(function, as: .batch, kind: "Async Wait", output: outputType)
    }
}

/// `filter(func)`.
struct FilterNode: PlanNodeKind {
    static let kind = "filter"
    var function: Int

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.addFunction(function, as: .filter, kind: "Filter", output: nil)
    }
}

/// `key_by(func, key_type)`: the key travels beside the record; consumers read by key.
struct KeyByNode: PlanNodeKind {
    static let kind = "key_by"
    static let keysItsOutput = true
    var function: Int
    /// nil: the host's own encoding of any key.
    var keyType: DataType?

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.addFunction(function, as: .key, kind: "Key By", output: nil, key: keyType)
    }
}

/// `partition_custom`'s partitioner: the key is the subtask the partitioner chose.
struct PartitionKeyNode: PlanNodeKind {
    static let kind = "partition_key"
    var function: Int

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.addFunction(function, as: .key, kind: "Partition Custom", output: nil, key: .int32)
    }
}

/// The timestamp assigner of a watermark strategy.
struct AssignTimestampsNode: PlanNodeKind {
    static let kind = "assign_timestamps"
    var function: Int

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.addFunction(function, as: .timestamp, kind: "Timestamps", output: nil, fusable: false)
    }
}

/// `process(ProcessFunction)` and `KeyedStream.process(KeyedProcessFunction)`: state, timers and
/// side outputs; windows written in Python run as one whose outputs bring their own timestamps.
struct ProcessNode: PlanNodeKind {
    static let kind = "process"
    var function: Int
    var outputType: DataType?
    /// Each output is a `(timestamp, value)` pair (Python windows).
    var stamped: Bool?

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(1)
        let output = outputType ?? .object
        let host = try node.bind(function, as: stamped == true ? .stampedProcess : .process, input: try node.inputType(),
                                 output: output)
        return try node.add(kind: "KeyedProcess", outputType: output,
                            factory: .transform { _ in Operators.keyedProcess(host.makeInstance()) })
    }
}

/// `KeyedStream.process`: a process function that needs a keyed input.
struct KeyedProcessNode: PlanNodeKind {
    static let kind = "keyed_process"
    var function: Int
    var outputType: DataType?
    var stamped: Bool?

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(1)
        try node.requireKeyedInput()
        return try ProcessNode(function: function, outputType: outputType, stamped: stamped).add(to: &node)
    }
}

/// `KeyedStream.reduce`: a running fold per key, one output per input.
struct ReduceNode: PlanNodeKind {
    static let kind = "reduce"
    var function: Int

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(1)
        try node.requireKeyedInput()
        let type = try node.inputType()
        let host = try node.bind(function, as: .reduce, input: type, output: type)
        return try node.add(kind: "Keyed Reduce", outputType: type,
                            factory: .transform { _ in Operators.keyedReduce(host.makeInstance()) })
    }
}

extension PlanNodeContext {
    /// A two-input node with one host function per input.
    func addCoFunctions(_ functions: [Int], as convention: CallConvention, kind: String,
                        output: DataType) throws(SpateError) -> Int {
        try requireInputs(2)
        guard functions.count == 2 else { throw .invalid("\(node.kind) needs two functions, got \(functions.count)") }
        let first = try bind(functions[0], as: convention, input: try inputType(0), output: output)
        let second = try bind(functions[1], as: convention, input: try inputType(1), output: output)
        return try add(kind: kind, outputType: output, factory: .transform { _ in
            Operators.coTransform(first.makeInstance(), second.makeInstance())
        }, inputIndex: [0, 1])
    }
}

/// `ConnectedStreams.map`: one function per input.
struct CoMapNode: PlanNodeKind {
    static let kind = "co_map"
    var functions: [Int]
    var outputType: DataType

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.addCoFunctions(functions, as: .map, kind: "Co-Map", output: outputType)
    }
}

/// `ConnectedStreams.flat_map`: one function per input, each yielding any number of values.
struct CoFlatMapNode: PlanNodeKind {
    static let kind = "co_flat_map"
    var functions: [Int]
    var outputType: DataType

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.addCoFunctions(functions, as: .flatMap, kind: "Co-Flat Map", output: outputType)
    }
}

/// Connected streams with process functions: both keyed (KeyedCoProcessFunction) or neither
/// (CoProcessFunction), or any stream with a broadcast one (the broadcast state pattern).
struct CoProcessNode: PlanNodeKind {
    static let kind = "co_process"
    var functions: [Int]
    var outputType: DataType?

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(2)
        guard functions.count == 2 else { throw .invalid("\(Self.kind) needs two functions, got \(functions.count)") }
        let broadcastSecond = node.inputs[1].partitioning == .broadcast
        let keyedInputs = [node.isKeyed(input: 0), node.isKeyed(input: 1) && !broadcastSecond]
        guard keyedInputs[0] == keyedInputs[1] || broadcastSecond else {
            throw .invalid("connect two keyed streams or two unkeyed ones, not one of each")
        }
        let output = outputType ?? .object
        let first = try node.bind(functions[0], as: .process, input: try node.inputType(0), output: output)
        let second = try node.bind(functions[1], as: .process, input: try node.inputType(1), output: output)
        return try node.add(kind: keyedInputs[0] ? "KeyedCoProcess" : "CoProcess", outputType: output, factory: .transform { _ in
            Operators.coProcess(first.makeInstance(), second.makeInstance(), keyedInputs: keyedInputs)
        }, inputIndex: [0, 1])
    }
}
