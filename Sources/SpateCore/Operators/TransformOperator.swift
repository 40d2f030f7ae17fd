/// Work done on whole batches: the one primitive behind map, flat_map, filter and key extraction.
/// Host UDFs (Python) and Swift closures both implement it.
public protocol BatchFunction: AnyObject {
    func open(_ context: OperatorContext) throws(SpateError)
    /// The output for one input batch (nil or empty: nothing to emit).
    func apply(_ batch: RecordBatch) throws(SpateError) -> RecordBatch?
    func close() throws(SpateError)
    /// How many rows the first call gets, before the function's cost is known (`CallPacer`).
    var probeRows: Int { get }
}

extension BatchFunction {
    public func open(_ context: OperatorContext) throws(SpateError) {}
    public func close() {}
    public var probeRows: Int { CallPacer.probeRows }
}

/// Runs a `BatchFunction`.
final class TransformOperator: StreamOperator {
    let function: BatchFunction
    private var pacer = CallPacer(timeoutMillis: -1)

    init(_ function: BatchFunction) { self.function = function }

    func open(_ context: OperatorContext) throws(SpateError) {
        pacer = CallPacer(for: context, probeRows: function.probeRows)
        try function.open(context)
    }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        try pacer.run(batch, flushing: output) { slice throws(SpateError) in
            guard let result = try function.apply(slice), !result.isEmpty else { return }
            try output.emit(result)
        }
    }

    func close() throws(SpateError) { try function.close() }
}

/// A Swift closure over batches, for the Swift API.
final class ClosureFunction: BatchFunction {
    let body: (RecordBatch) throws(SpateError) -> RecordBatch?
    init(_ body: @escaping (RecordBatch) throws(SpateError) -> RecordBatch?) { self.body = body }
    func apply(_ batch: RecordBatch) throws(SpateError) -> RecordBatch? { try body(batch) }
}

/// Passes batches through unchanged: the operator behind `union`.
final class UnionOperator: StreamOperator {
    static let kind = "Union"

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        try output.emit(RecordBatch(values: batch.values, timestamps: batch.timestamps, rowKinds: batch.rowKinds))
    }
}

/// Two inputs, each with its own function (`ConnectedStreams.map`/`flat_map`): records of input 0
/// go through `first`, records of input 1 through `second`, into one output stream.
final class CoTransformOperator: StreamOperator {
    let first: BatchFunction
    let second: BatchFunction

    init(first: BatchFunction, second: BatchFunction) {
        self.first = first
        self.second = second
    }

    func open(_ context: OperatorContext) throws(SpateError) {
        try first.open(context)
        try second.open(context)
    }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        guard let result = try (input == 0 ? first : second).apply(batch), !result.isEmpty else { return }
        try output.emit(result)
    }

    func close() throws(SpateError) {
        try closeAll([first.close, second.close])
    }
}
