/// Nodes the Swift API adds: operators made by Swift code, named by number.

/// An operator (or a source) the Swift code building the plan made (`PlanBuilder.addOperator`): the Swift API's
/// closures. Plans from other hosts have none.
struct SwiftOperatorNode: PlanNodeKind {
    static let kind = "swift_operator"
    var `operator`: Int
    /// What plans show for it (the node's name if nil).
    var display: String?
    /// nil: its input's type.
    var outputType: DataType?
    /// Whether its output is keyed (its consumers read it by key).
    var keyed: Bool?
    /// Runs at its input's parallelism unless given one (key extraction, as Flink chains it).
    var followsInput: Bool?

    var keysOutput: Bool { keyed == true }

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        let factory = try node.swiftOperator(`operator`)
        let type: DataType
        if let outputType { type = outputType } else { type = try node.inputType() }
        let id = try node.add(kind: display ?? node.node.name, outputType: type, factory: factory)
        if followsInput == true { node.graph.followInputParallelism(id) }
        return id
    }
}
