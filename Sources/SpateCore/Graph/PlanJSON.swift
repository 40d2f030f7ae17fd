extension StreamGraph {
    /// The execution plan in the JSON shape of Flink's `getExecutionPlan()`.
    public var planJSON: String {
        var nodesJSON: [String] = []
        for node in nodes {
            let isSource: Bool
            if case .source = node.factory { isSource = true } else { isSource = false }
            let isSink = !nodes.contains { $0.inputs.contains { $0.node == node.id } } && !isSource
            let pact = isSource ? "Data Source" : (isSink ? "Data Sink" : "Operator")
            var fields = [
                "\"id\" : \(node.id + 1)",
                "\"type\" : \(jsonString(node.kind))",
                "\"pact\" : \(jsonString(pact))",
                "\"contents\" : \(jsonString(node.name))",
                "\"parallelism\" : \(effectiveParallelism(node.id))",
            ]
            if !node.inputs.isEmpty {
                let predecessors = node.inputs.map { input in
                    let strategy = input.partitioning == .forward && effectiveParallelism(input.node) != effectiveParallelism(node.id)
                        ? Partitioning.rebalance : input.partitioning
                    return "{\n      \"id\" : \(input.node + 1),\n      \"ship_strategy\" : \(jsonString(strategy.planName)),\n      \"side\" : \"second\"\n    }"
                }
                fields.append("\"predecessors\" : [ " + predecessors.joined(separator: ", ") + " ]")
            }
            nodesJSON.append("{\n    " + fields.joined(separator: ",\n    ") + "\n  }")
        }
        return "{\n  \"nodes\" : [ " + nodesJSON.joined(separator: ", ") + " ]\n}"
    }
}

/// A JSON string literal (the plan reader's writer: one escaping rule).
func jsonString(_ text: String) -> String { JSONValue.string(text).serialized }
