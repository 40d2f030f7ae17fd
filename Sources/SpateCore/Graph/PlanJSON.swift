extension StreamGraph {
    /// The execution plan in the JSON shape of Flink's `getExecutionPlan()`, with PyFlink's node
    /// structure: host functions that run fused show as one node named by their names joined with
    /// ", " (PyFlink merges consecutive Python functions), and a union is no node of its own (its
    /// consumer's predecessors are the union's inputs).
    public var planJSON: String {
        let consumers = ExecutionPlan.consumers(self)
        // The node that shows each node (itself, or the first of its fused run), and the names of each shown node.
        var shownBy = Array(nodes.indices)
        var names = nodes.map { [$0.name] }
        for node in nodes {
            guard ExecutionPlan.chainsToInput(node, graph: self, consumers: consumers),
                  let previous = nodes[node.inputs[0].node].fusable else { continue }
            let merges = node.fusable.map(previous.canFuse) ?? (node.showsWithFunctionsBefore && !previous.producesKeys)
            guard merges else { continue }
            shownBy[node.id] = shownBy[node.inputs[0].node]
            names[shownBy[node.id]].append(node.name)
        }
        func isUnion(_ id: Int) -> Bool { nodes[id].kind == UnionOperator.kind }
        func strategy(_ source: Int, _ target: Int, _ declared: Partitioning) -> Partitioning {
            declared == .forward && effectiveParallelism(source) != effectiveParallelism(target) ? .rebalance : declared
        }
        /// The shown predecessors of `node`: a union's inputs stand for it.
        func predecessors(of node: StreamNode) -> [(id: Int, strategy: Partitioning)] {
            node.inputs.flatMap { input -> [(id: Int, strategy: Partitioning)] in
                guard isUnion(input.node) else { return [(shownBy[input.node], strategy(input.node, node.id, input.partitioning))] }
                return nodes[input.node].inputs.map { unionInput in
                    (shownBy[unionInput.node], input.partitioning == .forward
                        ? strategy(unionInput.node, input.node, unionInput.partitioning) : input.partitioning)
                }
            }
        }
        var nodesJSON: [String] = []
        for node in nodes where shownBy[node.id] == node.id && !isUnion(node.id) {
            let isSource: Bool
            if case .source = node.factory { isSource = true } else { isSource = false }
            // The last node of a fused run says whether the shown node is a sink.
            let last = nodes.indices.last { shownBy[$0] == node.id } ?? node.id
            let isSink = consumers[last].isEmpty && !isSource
            let pact = isSource ? "Data Source" : (isSink ? "Data Sink" : "Operator")
            let contents = names[node.id].joined(separator: ", ")
            var fields = [
                "\"id\" : \(node.id + 1)",
                "\"type\" : \(jsonString(node.planType ?? contents))",
                "\"pact\" : \(jsonString(pact))",
                "\"contents\" : \(jsonString(contents))",
                "\"parallelism\" : \(effectiveParallelism(node.id))",
            ]
            let inputs = predecessors(of: node)
            if !inputs.isEmpty {
                let shown = inputs.map { input in
                    "{\n      \"id\" : \(input.id + 1),\n      \"ship_strategy\" : \(jsonString(input.strategy.planName)),\n      \"side\" : \"second\"\n    }"
                }
                fields.append("\"predecessors\" : [ " + shown.joined(separator: ", ") + " ]")
            }
            nodesJSON.append("{\n    " + fields.joined(separator: ",\n    ") + "\n  }")
        }
        return "{\n  \"nodes\" : [ " + nodesJSON.joined(separator: ", ") + " ]\n}"
    }
}

/// A JSON string literal (the plan reader's writer: one escaping rule).
func jsonString(_ text: String) -> String { JSONValue.string(text).serialized }
