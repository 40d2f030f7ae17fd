/// The physical plan: the logical graph's operators grouped into chains (operators joined by a
/// forward edge at the same parallelism run on one thread with no channel between them), host
/// functions fused within chains, and each chain instantiated once per subtask.
struct ExecutionPlan {
    struct Chain {
        /// Node ids in order; a fused pair counts as its first node.
        var nodes: [Int]
        var factories: [OperatorFactory]
        var names: [String]
        var parallelism: Int
        /// The last node (which may be fused into the last operator).
        var tail: Int
        var head: Int { nodes[0] }
    }

    struct CollectSinkInfo {
        var node: Int
        var parallelism: Int
    }

    let graph: StreamGraph
    private(set) var chains: [Chain] = []
    /// The chain holding each node (by node id).
    private(set) var chainOf: [Int: Int] = [:]
    private(set) var collectSinks: [CollectSinkInfo] = []
    let maxParallelism: Int

    init(graph: StreamGraph) throws(SpateError) {
        self.graph = graph
        maxParallelism = graph.effectiveMaxParallelism
        guard (1...32768).contains(maxParallelism) else {
            throw .invalid("the maximum parallelism must be in 1...32768, got \(maxParallelism)")
        }
        let consumers = Self.consumers(graph)
        for node in graph.nodes {
            for input in node.inputs where input.partitioning == .strictForward
                && graph.effectiveParallelism(input.node) != graph.effectiveParallelism(node.id) {
                throw .invalid("Forward partitioning does not allow change of parallelism: \(graph.node(input.node).name) runs \(graph.effectiveParallelism(input.node)) subtasks and \(node.name) \(graph.effectiveParallelism(node.id)); use rebalance() or equal parallelism")
            }
            if graph.effectiveParallelism(node.id) > maxParallelism {
                throw .invalid("parallelism \(graph.effectiveParallelism(node.id)) of \(node.name) exceeds the maximum parallelism \(maxParallelism)")
            }
            if node.kind == CollectSink.kind {
                collectSinks.append(.init(node: node.id, parallelism: graph.effectiveParallelism(node.id)))
            }
        }
        for node in graph.nodes where chainOf[node.id] == nil {
            guard !Self.chainsToInput(node, graph: graph, consumers: consumers) else { continue }
            var chain = Chain(nodes: [node.id], factories: [node.factory], names: [node.name],
                              parallelism: graph.effectiveParallelism(node.id), tail: node.id)
            var fusable = node.fusable
            var current = node.id
            while consumers[current].count == 1,
                  case let next = graph.node(consumers[current][0]),
                  Self.chainsToInput(next, graph: graph, consumers: consumers) {
                if let first = fusable, let second = next.fusable, let fused = first.fused(with: second) {
                    chain.factories[chain.factories.count - 1] = fused.makeFactory()
                    chain.names[chain.names.count - 1] += " -> \(next.name)"
                    fusable = fused
                } else {
                    chain.nodes.append(next.id)
                    chain.factories.append(next.factory)
                    chain.names.append(next.name)
                    fusable = next.fusable
                }
                chainOf[next.id] = chains.count
                current = next.id
            }
            chainOf[node.id] = chains.count
            chain.tail = current
            chains.append(chain)
        }
    }

    static func consumers(_ graph: StreamGraph) -> [[Int]] {
        var result = [[Int]](repeating: [], count: graph.nodes.count)
        for node in graph.nodes {
            for input in node.inputs { result[input.node].append(node.id) }
        }
        return result
    }

    /// Whether `node` runs in the same chain as its single input.
    static func chainsToInput(_ node: StreamNode, graph: StreamGraph, consumers: [[Int]]) -> Bool {
        guard node.inputs.count == 1, case .transform = node.factory, node.inputSides.first ?? nil == nil else { return false }
        let input = node.inputs[0]
        return (input.partitioning == .forward || input.partitioning == .strictForward) && consumers[input.node].count == 1
            && graph.effectiveParallelism(input.node) == graph.effectiveParallelism(node.id)
    }

    /// The partitioning actually used on an edge (forward needs equal parallelism).
    func partitioning(from source: Int, to target: Int, declared: Partitioning) -> Partitioning {
        if declared == .forward && graph.effectiveParallelism(source) != graph.effectiveParallelism(target) {
            return .rebalance
        }
        return declared
    }

    /// Creates every subtask of every chain, wired together.
    func instantiate(job: Job) throws(SpateError) -> [Subtask] {
        let consumers = Self.consumers(graph)
        // Inboxes of chains whose head has inputs.
        var inboxes: [[Channel<Message>]] = []
        var expectedChannels: [Int] = []
        var channelBase: [String: Int] = [:]  // "\(edgeSource)->\(chainIndex)" -> first channel index
        for (chainIndex, chain) in chains.enumerated() {
            let head = graph.node(chain.head)
            var channels = 0
            for input in head.inputs {
                channelBase["\(input.node)->\(chainIndex)"] = channels
                channels += graph.effectiveParallelism(input.node)
            }
            expectedChannels.append(channels)
            // Room for four batches from each sender: a channel wakes its blocked senders once
            // drained to half, and a receiver under load once half full (`Channel`), so each wake-up
            // moves two batches a sender (keyed sums and windows at parallelism 2 on two cores: 3-6% less CPU
            // than with two a sender).
            let capacity = max(4, 4 * channels)
            inboxes.append(head.inputs.isEmpty ? [] : (0..<chain.parallelism).map { _ in Channel<Message>(capacity: capacity) })
        }
        var subtasks: [Subtask] = []
        for (chainIndex, chain) in chains.enumerated() {
            for index in 0..<chain.parallelism {
                var writers: [RecordWriter] = []
                for consumer in consumers[chain.tail] {
                    let target = chainOf[consumer]!
                    let consumerNode = graph.node(consumer)
                    for (position, input) in consumerNode.inputs.enumerated() where input.node == chain.tail {
                        let sideName = consumerNode.inputSides.indices.contains(position) ? consumerNode.inputSides[position] : nil
                        let side = sideName.flatMap { graph.node(chain.tail).sideOutputs.firstIndex(of: $0) }
                        writers.append(RecordWriter(
                            side: sideName == nil ? nil : (side ?? -1),
                            targets: inboxes[target],
                            partitioning: partitioning(from: chain.tail, to: consumer, declared: input.partitioning),
                            input: consumerNode.inputIndex[position], maxParallelism: maxParallelism,
                            subtaskIndex: index,
                            channelIndex: channelBase["\(chain.tail)->\(target)"]! + index,
                            upstreamParallelism: chain.parallelism, batchSize: graph.batchSize,
                            bufferTimeoutMillis: graph.node(chain.tail).bufferTimeoutMillis ?? graph.bufferTimeoutMillis))
                    }
                }
                let context = { (node: Int) in
                    OperatorContext(operatorName: graph.node(node).name, subtaskIndex: index,
                                    parallelism: chain.parallelism, maxParallelism: maxParallelism,
                                    runtimeMode: graph.runtimeMode, collectQueue: job.collectQueue(node),
                                    clock: graph.clock,
                                    bufferTimeoutMillis: graph.node(node).bufferTimeoutMillis ?? graph.bufferTimeoutMillis,
                                    checkpoints: job.checkpoints, bundleSize: graph.bundleSize,
                                    bundleTimeMillis: graph.bundleTimeMillis)
                }
                subtasks.append(Subtask(
                    job: job, chain: chain, index: index, inbox: inboxes[chainIndex].isEmpty ? nil : inboxes[chainIndex][index],
                    expectedChannels: expectedChannels[chainIndex], writers: writers, context: context,
                    batchSize: graph.batchSize))
            }
        }
        return subtasks
    }
}
