/// The `print` table connector: each row as Flink's print sink writes it (`+I[1, hello]`), prefixed
/// `identifier> ` (`print-identifier`), `k> ` or `identifier:k> ` (k = subtask index + 1) when the
/// sink runs with parallelism above 1; on standard output, or standard error (`standard-error`).
final class TablePrintSink: StreamOperator {
    private let identifier: String?
    private let toStandardError: Bool
    private let conversion: SinkConversion?
    private var prefix = ""

    init(identifier: String?, toStandardError: Bool, conversion: SinkConversion?) {
        self.identifier = identifier
        self.toStandardError = toStandardError
        self.conversion = conversion
    }

    func open(_ context: OperatorContext) throws(SpateError) { prefix = PrintSink.prefix(identifier, context) }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        let batch = try conversion?.apply(batch) ?? batch
        guard let rows = batch.values as? StructColumn else { return }
        var text = ""
        for row in 0..<batch.count {
            text += prefix + RowText.line(row, of: rows, kind: batch.rowKind(row)) + "\n"
        }
        if toStandardError {
            // File descriptor 2 itself: the host's callbacks write standard output only.
            text.withUTF8 { bytes in _ = writeAll(fd: 2, bytes) }
        } else {
            try HostServices.shared.writeStdout(text)
        }
    }
}

/// The `blackhole` table connector: takes every row and keeps none (for measuring a job).
final class BlackholeSink: StreamOperator {
    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {}
}
