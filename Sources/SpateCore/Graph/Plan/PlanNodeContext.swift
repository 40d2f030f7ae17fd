/// What a `PlanNodeKind` sees of the plan while it adds its node: the node's inputs and their
/// types, the host's functions and columns, and the graph.
public struct PlanNodeContext {
    public let node: PlanNode
    let builder: PlanBuilder

    public var graph: StreamGraph { builder.graph }
    public var inputs: [PlanInput] { node.inputs ?? [] }

    public func requireInputs(_ count: Int) throws(SpateError) {
        guard inputs.count == count else { throw .invalid("\(node.kind) expects \(count) input(s), got \(inputs.count)") }
    }

    /// Whether input `position` reads a keyed stream (the output of a key_by).
    public func isKeyed(input position: Int) -> Bool {
        inputs.indices.contains(position) && builder.isKeyed(inputs[position].node)
    }

    public func requireKeyedInput() throws(SpateError) {
        guard isKeyed(input: 0) else { throw .invalid("\(node.kind) needs a keyed stream (call key_by first)") }
    }

    /// The type of what input `position` sends: its producer's main output or the side output it reads.
    public func inputType(_ position: Int = 0) throws(SpateError) -> DataType {
        guard inputs.indices.contains(position) else { throw .invalid("\(node.kind) needs an input") }
        let input = inputs[position]
        let producer = graph.node(input.node)
        guard let side = input.side else { return producer.outputType }
        guard let index = producer.sideOutputs.firstIndex(of: side) else {
            throw .invalid("\(producer.name) has no side output '\(side)'")
        }
        return producer.sideOutputTypes[index]
    }

    /// How each input's records travel: as the plan says, else by key after a keyed node, else forward.
    public func edges() -> [(node: Int, partitioning: Partitioning)] {
        inputs.enumerated().map { position, input in
            (input.node, input.partitioning?.partitioning ?? (isKeyed(input: position) ? .hash : .forward))
        }
    }

    /// Host function `index` of the plan, bound to its types. It may emit to the node's side outputs.
    public func bind(_ index: Int, as convention: CallConvention, input: DataType, output: DataType?,
                     key: DataType? = nil) throws(SpateError) -> any HostFunction {
        guard let binder = builder.functions, (0..<binder.functionCount).contains(index) else {
            throw .invalid("function \(index) is not one of the plan's \(builder.functions?.functionCount ?? 0) functions")
        }
        return try binder.bind(index, as: convention, input: input, output: output, key: key,
                               sides: node.sideOutputs ?? [], label: node.name)
    }

    /// Column `index` of the plan's values.
    public func column(_ index: Int) throws(SpateError) -> Column {
        guard builder.columns.indices.contains(index) else {
            throw .invalid("values \(index) are not one of the plan's \(builder.columns.count) columns")
        }
        return builder.columns[index]
    }

    /// Operator `index` of the Swift code building the plan.
    public func swiftOperator(_ index: Int) throws(SpateError) -> OperatorFactory {
        guard builder.operators.indices.contains(index) else {
            throw .invalid("operator \(index) is not one of the plan's \(builder.operators.count) Swift operators")
        }
        return builder.operators[index]
    }

    /// The row kinds of column `index` (nil: inserts).
    public func rowKinds(ofColumn index: Int) throws(SpateError) -> RowKindColumn? {
        guard let kinds = builder.rowKinds[index] else { return nil }
        let values = try column(index)
        guard kinds.count == values.count else {
            throw .invalid("column \(index) has \(values.count) values but \(kinds.count) row kinds")
        }
        return kinds
    }

    /// The side output that receives late elements, when one is declared and read; it carries the
    /// window's input records, so it must have their type.
    public func lateOutput(_ tag: String?, inputType: DataType) throws(SpateError) -> Int? {
        guard let tag, let sides = node.sideOutputs, let index = sides.firstIndex(where: { $0.tag == tag }) else { return nil }
        guard sides[index].type == inputType else {
            throw .invalid("the late data side output '\(tag)' is declared as \(sides[index].type.flinkName), "
                           + "but the window's input is \(inputType.flinkName)")
        }
        return index
    }

    /// Adds the node's operator with its name, uid, parallelism and edges.
    public func add(kind: String, outputType: DataType, factory: OperatorFactory, nonParallel: Bool = false,
                    fusable: (any FusableFunction)? = nil, inputIndex: [Int]? = nil) throws(SpateError) -> Int {
        try graph.add(name: node.name, kind: kind, outputType: outputType, factory: factory, inputs: edges(),
                      parallelism: node.parallelism ?? 0, nonParallel: nonParallel, uid: node.uid, fusable: fusable,
                      inputIndex: inputIndex)
    }
}
