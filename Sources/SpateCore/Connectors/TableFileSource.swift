/// The `filesystem` table connector's source: every file under its path (a file, or a directory's
/// files in name order, hidden ones skipped), split over the subtasks file by file, each read as
/// rows of the table's columns by its format (`csv` or `json`). Bounded: it ends after the last file.
///
/// A malformed row fails the job with the file, line and field; with the format's
/// `ignore-parse-errors` it is handled as Flink's formats handle it (see `CsvRows`, `JsonRows`).
final class TableFileSource: SourceOperator {
    private let path: String
    private let type: DataType
    private let format: TableFileFormat
    private var files: [String] = []
    /// The file being read, and its format's reader (kept after the file ends until it is drained).
    private var file: FileChunks?
    private var reader: (any TableRowReader)?

    init(path: String, type: DataType, format: TableFileFormat) {
        self.path = path
        self.type = type
        self.format = format
    }

    func open(_ context: OperatorContext) throws(SpateError) {
        let all = try FileLinesSource.listFiles([path])
        files = all.enumerated().filter { $0.offset % context.parallelism == context.subtaskIndex }.map(\.element)
        files.reverse()
    }

    func next(maxRows: Int) throws(SpateError) -> RecordBatch? {
        let rows = StructColumn(type: type, capacity: maxRows)
        while rows.count < maxRows {
            if let reader, file == nil {
                // The file has been read: what is left of it, then the next file.
                if try reader.takeRows(into: rows, limit: maxRows, final: true) { continue }
                self.reader = nil
            }
            if reader == nil {
                guard let next = files.popLast() else { break }
                file = try FileChunks(opening: next, source: "filesystem source")
                reader = format.reader(file: next)
            }
            if let bytes = try file!.next() {
                reader!.append(bytes)
                _ = try reader!.takeRows(into: rows, limit: maxRows, final: false)
            } else {
                file = nil
            }
        }
        return rows.count > 0 || reader != nil ? RecordBatch(values: rows) : nil
    }
}

/// Reads one file's rows out of its bytes, as they come.
protocol TableRowReader: AnyObject {
    func append(_ bytes: UnsafeBufferPointer<UInt8>)
    /// Moves complete rows into `column` until it holds `limit`; with `final` (the file has ended)
    /// the last one too. Returns whether rows are left for another call.
    func takeRows(into column: StructColumn, limit: Int, final: Bool) throws(SpateError) -> Bool
}

/// A table file's format and the options it was given.
enum TableFileFormat: Sendable {
    case csv(CsvOptions)
    case json(JsonOptions)

    func reader(file: String) -> any TableRowReader {
        switch self {
        case .csv(let options): return CsvRows(options: options, file: file)
        case .json(let options): return JsonRows(options: options, file: file)
        }
    }
}
