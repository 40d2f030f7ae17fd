/// Nodes that start a stream.

/// `from_collection`: the values of one of the plan's columns, from one subtask.
struct CollectionSourceNode: PlanNodeKind {
    static let kind = "collection_source"
    /// The plan's column holding the values.
    var values: Int

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        let column = try node.column(values)
        let kinds = try node.rowKinds(ofColumn: values)
        return try node.add(kind: Operators.Kind.collectionSource, outputType: column.type,
                            factory: .source { _ in Operators.collection(column, rowKinds: kinds) }, nonParallel: true)
    }
}

/// `NumberSequenceSource(start, end)`: start...end, split over the subtasks.
struct SequenceSourceNode: PlanNodeKind {
    static let kind = "sequence_source"
    var start: Int64
    var end: Int64

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        let (start, end) = (self.start, self.end)
        guard end >= start else { throw .invalid("end \(end) is before start \(start)") }
        return try node.add(kind: Operators.Kind.sequenceSource, outputType: .int64,
                            factory: .source { _ in Operators.sequence(from: start, to: end) })
    }
}

/// `FileSource` of text lines: the files (or directories) named, read once or monitored.
struct FileSourceNode: PlanNodeKind {
    static let kind = "file_source"
    var paths: [String]
    /// A monitored source looks for new files this often; nil: read what is there, then end.
    var discoveryIntervalMs: Int64?

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        let (paths, interval) = (self.paths, discoveryIntervalMs)
        guard !paths.isEmpty else { throw .invalid("a FileSource needs at least one path") }
        if let interval, interval <= 0 { throw .invalid("the discovery interval must be positive, got \(interval) ms") }
        try Operators.checkFiles(paths)
        return try node.add(kind: Operators.Kind.fileSource, outputType: .string,
                            factory: .source { _ in Operators.fileLines(paths, discoveryInterval: interval) })
    }
}
