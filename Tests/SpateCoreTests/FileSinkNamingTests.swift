#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import SpateCore

/// Part names and what the end of input leaves, as Flink's FileSink and legacy StreamingFileSink
/// (observed with PyFlink 2.3).
@Suite struct FileSinkNamingTests {
    private final class Ignore: Collector {
        func emit(_ batch: RecordBatch) throws(SpateError) {}
        func emitWatermark(_ watermark: Int64) throws(SpateError) {}
    }

    /// Every entry of `directory`, hidden ones too, and removes them.
    private func takeEntries(_ directory: String) -> [String] {
        var names: [String] = []
        guard let handle = opendir(directory) else { return names }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(handle)
        for name in names { unlink(directory + "/" + name) }
        rmdir(directory)
        return names.sorted()
    }

    /// Writes three records of 6 bytes with parts of 10 bytes (two parts) as subtask 3, then ends.
    private func run(streamingFileSink: Bool) throws -> [String] {
        let directory = "/tmp/spate-file-sink-test-\(UInt64.random(in: 0...UInt64.max))"
        let sink = FileSinkOperator(settings: .init(basePath: directory, prefix: "pre", suffix: ".txt", partSize: 10,
                                                    bucketFormat: nil, streamingFileSink: streamingFileSink))
        try sink.open(OperatorContext(operatorName: "sink", subtaskIndex: 3, parallelism: 4, maxParallelism: 128,
                                      runtimeMode: .streaming))
        let lines = StringColumn(capacity: 3)
        for text in ["line0", "line1", "line2"] { lines.append(text) }
        try sink.process(RecordBatch(values: lines), input: 0, output: Ignore())
        try sink.endOfInput(output: Ignore())
        sink.close()
        return takeEntries(directory)
    }

    @Test func aFileSinkNamesPartsByOneUUIDAndACountAndFinishesThemAtTheEnd() throws {
        let names = try run(streamingFileSink: false)
        #expect(names.count == 2)
        let uuid = names.first.map { String($0.dropFirst(4).prefix(36)) } ?? ""
        #expect(names == ["pre-\(uuid)-0.txt", "pre-\(uuid)-1.txt"])
    }

    @Test func aStreamingFileSinkWithoutCheckpointsLeavesItsPartsInProgress() throws {
        let names = try run(streamingFileSink: true)
        #expect(names.count == 2)
        #expect(names.allSatisfy { $0.hasPrefix(".pre-3-") && $0.contains(".txt.inprogress.") })
        #expect(names.map { $0.prefix(8) } == [".pre-3-0", ".pre-3-1"])
    }
}
