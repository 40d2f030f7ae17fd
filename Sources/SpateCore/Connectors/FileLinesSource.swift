#if canImport(Glibc)
import Glibc
#endif

/// `FileSource.for_record_stream_format(StreamFormat.text_line_format(), paths...)`: the lines of
/// every file under the given paths (a directory's files, in name order), as strings without their
/// line endings. The files are split over the source's subtasks, file by file, as Flink does.
///
/// With a discovery interval (`monitor_continuously`) the source never ends: every interval it
/// lists the paths again and reads the files it has not seen (each once, as Flink: lines appended
/// to a file already read are not). New files go to subtasks by a hash of their path.
final class FileLinesSource: SourceOperator {
    static let kind = "Source: File Source"
    private let paths: [String]
    private let discoveryInterval: Int64?
    private var files: [String] = []
    /// The file being read.
    private var handle: FileChunks?
    private var pending = LineSplitter()
    private var seen = Set<String>()
    private var nextDiscovery: Int64 = 0
    private var subtaskIndex = 0
    private var parallelism = 1

    init(paths: [String], discoveryInterval: Int64? = nil) {
        self.paths = paths
        self.discoveryInterval = discoveryInterval
    }

    /// Every regular file under `paths` (directories expanded, hidden files skipped, sorted).
    /// Only regular files are read, as Flink's enumerator lists them: a FIFO or a device found in a
    /// directory is passed over (reading one could block the source for ever), and one named as a
    /// path is an error.
    static func listFiles(_ paths: [String], named: Bool = true) throws(SpateError) -> [String] {
        var result: [String] = []
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else {
                // A file that went away between listing its directory and looking at it is passed over.
                if !named { continue }
                throw SpateError(.invalidArgument, "FileSource: no such file or directory: \(path)")
            }
            let kind = info.st_mode & S_IFMT
            if kind == S_IFREG {
                result.append(path)
            } else if kind == S_IFDIR {
                guard let directory = opendir(path) else {
                    throw SpateError(.invalidArgument, "FileSource: cannot read the directory \(path)")
                }
                var names: [String] = []
                while let entry = readdir(directory) {
                    let name = withUnsafePointer(to: entry.pointee.d_name) {
                        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                    }
                    if !name.hasPrefix(".") && !name.hasPrefix("_") { names.append(name) }
                }
                closedir(directory)
                let base = path.hasSuffix("/") ? path : path + "/"
                result += try listFiles(names.sorted().map { base + $0 }, named: false)
            } else if named {
                throw SpateError(.invalidArgument, "FileSource: \(path) is not a regular file or a directory "
                                 + "(only regular files are read)")
            }
        }
        return result
    }

    func open(_ context: OperatorContext) throws(SpateError) {
        let all = try Self.listFiles(paths)
        files = all.enumerated().filter { $0.offset % context.parallelism == context.subtaskIndex }.map(\.element)
        files.reverse()
        seen = Set(all)
        subtaskIndex = context.subtaskIndex
        parallelism = context.parallelism
        nextDiscovery = monotonicMillis() &+ (discoveryInterval ?? 0)
    }

    /// Waits (a little at a time, so the job can be cancelled) for the next listing, then queues
    /// the new files of this subtask. An empty batch tells the subtask to look again.
    private func discover() throws(SpateError) -> RecordBatch {
        let now = monotonicMillis()
        if now < nextDiscovery {
            usleep(UInt32(Swift.min(nextDiscovery &- now, 50)) * 1000)
            return RecordBatch(values: StringColumn(capacity: 0))
        }
        nextDiscovery = now &+ (discoveryInterval ?? 0)
        // A path that went away (a directory being rotated) is listed again next time.
        let all = (try? Self.listFiles(paths)) ?? []
        for file in all where !seen.contains(file) {
            seen.insert(file)
            if Int(Self.stableHash(file) % UInt64(parallelism)) == subtaskIndex { files.insert(file, at: 0) }
        }
        return RecordBatch(values: StringColumn(capacity: 0))
    }

    /// FNV-1a of the path: the same subtask in every run.
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    func next(maxRows: Int) throws(SpateError) -> RecordBatch? {
        if discoveryInterval != nil && files.isEmpty && handle == nil && pending.isEmpty { return try discover() }
        let lines = StringColumn(capacity: maxRows)
        while lines.count < maxRows {
            if handle == nil && !pending.isEmpty {
                // The rest of a finished file, left over when the last batch filled up.
                pending.takeLines(into: lines, limit: maxRows, final: true)
                continue
            }
            if handle == nil {
                guard let file = files.popLast() else { break }
                handle = try FileChunks(opening: file, source: "FileSource")
            }
            if let bytes = try handle!.next() {
                pending.append(bytes)
                pending.takeLines(into: lines, limit: maxRows, final: false)
            } else {
                handle = nil
                pending.takeLines(into: lines, limit: maxRows, final: true)
            }
        }
        if lines.count == 0 && discoveryInterval != nil { return try discover() }
        return lines.count > 0 ? RecordBatch(values: lines) : nil
    }
}
