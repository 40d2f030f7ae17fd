#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// `FileSink.for_row_format(base_path, Encoder.simple_string_encoder())`: each record's printed form
/// and a newline, into part files named as Flink names them (`{prefix}-{uuid}-{counter}{suffix}`, one
/// uuid per subtask) inside bucket directories. A part is written as a hidden in-progress file and
/// renamed when it is finished (rolled over by size, by age or inactivity — Flink's
/// DefaultRollingPolicy, checked by processing-time timers — or at the end of input), so a reader
/// never sees half a file.
///
/// With checkpointing, as Flink's: a rolled part is pending until the next checkpoint completes,
/// then renamed; `rollsOnCheckpoint` (OnCheckpointRollingPolicy) rolls every part at each barrier.
/// The end of input finishes everything.
///
/// `streamingFileSink` (the legacy `StreamingFileSink` of `add_sink`), as Flink's: parts are named
/// `{prefix}-{subtask}-{counter}{suffix}`; a rolled part becomes visible only when a checkpoint
/// completes (so never without checkpointing), and the end of input closes the open parts without
/// finishing them: they stay in progress.
final class FileSinkOperator: ProcessingTimeOperator {
    struct Settings: Sendable {
        var basePath: String
        var prefix = "part"
        var suffix = ""
        var partSize: Int64 = 128 << 20
        /// A part older than this (ms) is finished; nil: never by age.
        var rolloverInterval: Int64?
        /// A part not written to for this long (ms) is finished; nil: never by inactivity.
        var inactivityInterval: Int64?
        /// A `yyyy-MM-dd--HH`-style pattern for bucket directories; nil puts every file in the base path.
        var bucketFormat: String? = "yyyy-MM-dd--HH"
        var useUTC = false
        /// OnCheckpointRollingPolicy: every part is rolled when a checkpoint's barrier passes.
        var rollsOnCheckpoint = false
        /// The legacy StreamingFileSink's names and its end of input (see above).
        var streamingFileSink = false
        /// The `filesystem` table connector: each row a line of its format, in the sink's types.
        var table: TableParts?
    }

    /// How the `filesystem` table connector writes: its parts named as Flink's
    /// (`part-{uuid}-{subtask}-{count}`, in BATCH mode `part-{uuid}-task-{subtask}-file-{count}`, one
    /// uuid for the job), each row encoded by its format; `overwrite` (BATCH) removes the files the
    /// directory held before the job.
    struct TableParts: Sendable {
        var uuid: String
        var batch: Bool
        var encoder: any RowEncoder
        var conversion: SinkConversion?
        var overwrite: Bool
    }

    private struct Part {
        var file: UnsafeMutablePointer<FILE>
        var inProgress: String
        var finished: String
        var size: Int64
        var created: Int64
        var lastWrite: Int64
    }

    let settings: Settings
    private var uuid = ""
    private var subtask = 0
    private var counter = 0
    private var parts: [String: Part] = [:]  // by bucket directory
    private var clock: ProcessingClock = SystemClock()
    /// Rolled parts waiting for their checkpoint, when the job takes checkpoints.
    private var pendingParts: PendingParts?
    /// The newest checkpoint whose barrier passed here.
    private var lastBarrier: Int64 = 0

    init(settings: Settings) { self.settings = settings }

    deinit { for part in parts.values { fclose(part.file) } }

    func open(_ context: OperatorContext) throws(SpateError) {
        subtask = context.subtaskIndex
        clock = context.clock
        uuid = settings.table?.uuid ?? Self.randomUUID()
        try Self.makeDirectories(settings.basePath)
        if settings.table?.overwrite == true { try removeEarlierFiles() }
        if let checkpoints = context.checkpoints {
            let pending = PendingParts()
            checkpoints.onCompletion { checkpoint in pending.commit(upTo: checkpoint) }
            pendingParts = pending
        }
    }

    func processBarrier(_ checkpointID: Int64, output: Collector) throws(SpateError) {
        if settings.rollsOnCheckpoint {
            for directory in parts.keys.sorted() { try finish(directory) }
        }
        lastBarrier = checkpointID
    }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        try pendingParts?.check()
        var format = PrintFormat()
        let now = clock.now()
        let directory = bucketDirectory(at: now)
        let batch = try settings.table?.conversion?.apply(batch) ?? batch
        for row in 0..<batch.count {
            var line: String
            if let table = settings.table, let rows = batch.values as? StructColumn {
                line = table.encoder.line(row, of: rows)
            } else {
                line = try format.line(batch.values, row: row)
            }
            line += "\n"
            // As Flink's DefaultRollingPolicy: a part that has reached the size is finished before
            // the next record is written.
            if let current = parts[directory], current.size >= settings.partSize { try finish(directory) }
            var part = try currentPart(in: directory, at: now)
            let written = line.withUTF8 { fwrite($0.baseAddress, 1, $0.count, part.file) }
            guard written == line.utf8.count else {
                let code = errno
                throw SpateError(.runtime, "FileSink: writing \(part.inProgress) failed: \(systemError(code))")
            }
            part.size += Int64(written)
            part.lastWrite = now
            parts[directory] = part
        }
    }

    /// When the earliest part is due to roll by age or inactivity.
    var nextProcessingTime: Int64? {
        parts.values.compactMap { rollTime(of: $0) }.min()
    }

    func onProcessingTime(_ now: Int64, output: Collector) throws(SpateError) {
        for (directory, part) in parts.sorted(by: { $0.key < $1.key }) {
            if let due = rollTime(of: part), due <= now { try finish(directory) }
        }
    }

    private func rollTime(of part: Part) -> Int64? {
        let byAge = settings.rolloverInterval.map { part.created &+ $0 }
        let byInactivity = settings.inactivityInterval.map { part.lastWrite &+ $0 }
        switch (byAge, byInactivity) {
        case let (age?, idle?): return Swift.min(age, idle)
        case let (age?, nil): return age
        case let (nil, idle?): return idle
        case (nil, nil): return nil
        }
    }

    func endOfInput(output: Collector) throws(SpateError) {
        for directory in parts.keys.sorted() {
            if settings.streamingFileSink {
                try close(parts.removeValue(forKey: directory)!)
            } else {
                try finish(directory)
            }
        }
        pendingParts?.commit(upTo: Int64.max)
        try pendingParts?.check()
    }

    private func currentPart(in directory: String, at now: Int64) throws(SpateError) -> Part {
        if let part = parts[directory] { return part }
        try Self.makeDirectories(directory)
        let name: String
        if let table = settings.table {
            name = table.batch ? "part-\(uuid)-task-\(subtask)-file-\(counter)" : "part-\(uuid)-\(subtask)-\(counter)"
        } else if settings.streamingFileSink {
            name = "\(settings.prefix)-\(subtask)-\(counter)\(settings.suffix)"
        } else {
            name = "\(settings.prefix)-\(uuid)-\(counter)\(settings.suffix)"
        }
        counter += 1
        let inProgress = "\(directory)/.\(name).inprogress.\(Self.randomUUID())"
        guard let file = fopen(inProgress, "wb") else {
            let code = errno
            throw SpateError(.runtime, "FileSink: cannot create \(inProgress): \(systemError(code))")
        }
        let part = Part(file: file, inProgress: inProgress, finished: "\(directory)/\(name)", size: 0, created: now, lastWrite: now)
        parts[directory] = part
        return part
    }

    /// Rolls the part of `directory`: renamed now, or when the next checkpoint completes.
    private func finish(_ directory: String) throws(SpateError) {
        guard let part = parts.removeValue(forKey: directory) else { return }
        try close(part)
        if let pendingParts {
            pendingParts.add(inProgress: part.inProgress, finished: part.finished, checkpoint: lastBarrier + 1)
        } else if !settings.streamingFileSink {
            try PendingParts.rename(part.inProgress, to: part.finished).get()
        }
    }

    private func close(_ part: Part) throws(SpateError) {
        guard fclose(part.file) == 0 else {
            let code = errno
            throw SpateError(.runtime, "FileSink: finishing \(part.finished) failed: \(systemError(code))")
        }
    }

    private func bucketDirectory(at now: Int64) -> String {
        guard let pattern = settings.bucketFormat else { return settings.basePath }
        var seconds = time_t(now / 1000)
        var parts = tm()
        if settings.useUTC { gmtime_r(&seconds, &parts) } else { localtime_r(&seconds, &parts) }
        var text = pattern
        for (token, value, width) in [("yyyy", Int(parts.tm_year) + 1900, 4), ("MM", Int(parts.tm_mon) + 1, 2),
                                      ("dd", Int(parts.tm_mday), 2), ("HH", Int(parts.tm_hour), 2),
                                      ("mm", Int(parts.tm_min), 2), ("ss", Int(parts.tm_sec), 2)] {
            text = text.replacingAll(token, with: CivilTime.pad(value, width))
        }
        return settings.basePath + "/" + text
    }

    /// INSERT OVERWRITE: the files in the directory that this job did not write (every subtask may
    /// do it, in any order: the job's own parts carry its uuid).
    private func removeEarlierFiles() throws(SpateError) {
        let files = (try? FileLinesSource.listFiles([settings.basePath])) ?? []
        for file in files where !file.contains(uuid) {
            if unlink(file) != 0 && errno != ENOENT {
                let code = errno
                throw SpateError(.runtime, "filesystem sink: cannot remove \(file) to overwrite it: \(systemError(code))")
            }
        }
    }

    static func makeDirectories(_ path: String) throws(SpateError) {
        var built = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            built += "/" + component
            if mkdir(built, 0o755) != 0 && errno != EEXIST {
                let code = errno
                let within = built.hasSuffix(path) ? "" : " for \(path)"
                throw SpateError(.runtime, "FileSink: cannot create the directory \(built)\(within): \(systemError(code))")
            }
        }
    }

    static func randomUUID() -> String {
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255) }
        bytes[6] = (bytes[6] & 0x0f) | 0x40
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let hex = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        let characters = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }
}

/// Closed parts that become visible when their checkpoint completes. Completion comes on whichever
/// thread completed the checkpoint, so the list is shared under a lock, and a rename that fails
/// there is kept for the sink to raise.
private final class PendingParts: Sendable {
    private struct State {
        var parts: [(checkpoint: Int64, inProgress: String, finished: String)] = []
        var failure: SpateError?
    }
    private let state = Mutex(State())

    func add(inProgress: String, finished: String, checkpoint: Int64) {
        state.withLock { $0.parts.append((checkpoint, inProgress, finished)) }
    }

    /// Renames the parts of checkpoints up to `checkpoint`.
    func commit(upTo checkpoint: Int64) {
        let due = state.withLock { state in
            defer { state.parts.removeAll { $0.checkpoint <= checkpoint } }
            return state.parts.filter { $0.checkpoint <= checkpoint }
        }
        for part in due {
            if case .failure(let error) = Self.rename(part.inProgress, to: part.finished) {
                state.withLock { $0.failure = $0.failure ?? error }
            }
        }
    }

    /// Throws the first rename that failed.
    func check() throws(SpateError) {
        if let failure = state.withLock({ $0.failure }) { throw failure }
    }

    static func rename(_ inProgress: String, to finished: String) -> Result<Void, SpateError> {
        if Glibc.rename(inProgress, finished) == 0 { return .success(()) }
        let code = errno
        return .failure(SpateError(.runtime, "FileSink: renaming \(inProgress) to \(finished) failed: \(systemError(code))"))
    }
}

extension String {
    /// Every occurrence of `target` replaced (the standard library has no such call without Foundation).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
