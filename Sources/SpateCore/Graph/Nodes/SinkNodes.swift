/// Nodes that end a stream.

/// `print()`: each record's printed form, with PyFlink's prefixes.
struct PrintNode: PlanNodeKind {
    static let kind = "print"
    /// `print(sink_identifier)`.
    var identifier: String?

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(1)
        let identifier = self.identifier
        return try node.add(kind: Operators.Kind.print, outputType: try node.inputType(),
                            factory: .transform { _ in Operators.print(identifier: identifier) })
    }
}

/// `execute_and_collect()`: the records, handed to the API layer's iterator.
struct CollectNode: PlanNodeKind {
    static let kind = "collect"

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(1)
        return try node.add(kind: Operators.Kind.collect, outputType: try node.inputType(),
                            factory: .transform { _ in Operators.collect() })
    }
}

/// `FileSink` / `StreamingFileSink` of row-encoded text: part files in buckets, rolled by size,
/// time, inactivity or checkpoint, made visible when their checkpoint completes.
struct FileSinkNode: PlanNodeKind {
    static let kind = "file_sink"
    var basePath: String
    var partPrefix: String
    var partSuffix: String
    var partSizeBytes: Int64
    /// `DateTimeBucketAssigner`'s format; nil: one bucket.
    var bucketFormat: String?
    var rolloverIntervalMs: Int64?
    var inactivityIntervalMs: Int64?
    /// `OnCheckpointRollingPolicy`.
    var rollsOnCheckpoint: Bool
    /// The legacy `StreamingFileSink` (`add_sink`): its part names, and open parts left in progress.
    var streamingFileSink: Bool?

    func add(to node: inout PlanNodeContext) throws(SpateError) -> Int {
        try node.requireInputs(1)
        guard !basePath.isEmpty else { throw .invalid("a file sink needs a base path") }
        guard partSizeBytes > 0 else { throw .invalid("the part size must be positive, got \(partSizeBytes)") }
        for (name, interval) in [("rollover", rolloverIntervalMs), ("inactivity", inactivityIntervalMs)] {
            if let interval, interval <= 0 { throw .invalid("the \(name) interval must be positive, got \(interval) ms") }
        }
        let settings = self
        return try node.add(kind: "Sink: File Sink", outputType: try node.inputType(), factory: .transform { _ in
            Operators.fileSink(basePath: settings.basePath, prefix: settings.partPrefix, suffix: settings.partSuffix,
                               partSize: settings.partSizeBytes, rolloverInterval: settings.rolloverIntervalMs,
                               inactivityInterval: settings.inactivityIntervalMs, bucketFormat: settings.bucketFormat,
                               rollsOnCheckpoint: settings.rollsOnCheckpoint,
                               streamingFileSink: settings.streamingFileSink ?? false)
        })
    }
}
