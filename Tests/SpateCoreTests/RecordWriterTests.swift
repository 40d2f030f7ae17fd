import Testing
@testable import SpateCore

/// Hash-partitioned output: parts smaller than a batch wait for a batch's worth, the buffer timeout or
/// a flush, and never overtake what follows them.
@Suite struct RecordWriterTests {
    /// A writer over two inboxes with batches of `batchSize` rows.
    private func writer(batchSize: Int, timeout: Int64 = 10_000) -> (RecordWriter, [Channel<Message>]) {
        let inboxes = [Channel<Message>(capacity: 64), Channel<Message>(capacity: 64)]
        let writer = RecordWriter(targets: inboxes, partitioning: .hash, input: 0, maxParallelism: 128,
                                  subtaskIndex: 0, channelIndex: 0, batchSize: batchSize, bufferTimeoutMillis: timeout)
        return (writer, inboxes)
    }

    /// A key whose key group the first of two subtasks owns, and one the second owns.
    private static let keyOfTarget: [Int64] = {
        func target(_ key: Int64) -> Int {
            let keys = PrimitiveColumn<Int64>(type: .int64)
            keys.append(key)
            let group = (try? KeyGroups.assign(keys, maxParallelism: 128))?[0] ?? 0
            return KeyGroups.subtask(keyGroup: group, parallelism: 2, maxParallelism: 128)
        }
        let keys = Array(Int64(0)..<64)
        return [keys.first { target($0) == 0 }!, keys.first { target($0) == 1 }!]
    }()

    /// `rows` records, the even ones keyed for target 0 and the odd ones for target 1.
    private func batch(_ rows: Int, from start: Int64 = 0) -> RecordBatch {
        let values = PrimitiveColumn<Int64>(type: .int64)
        let keys = PrimitiveColumn<Int64>(type: .int64)
        for row in 0..<rows {
            values.append(start + Int64(row))
            keys.append(Self.keyOfTarget[row % 2])
        }
        return RecordBatch(values: values, keys: keys)
    }

    /// Everything queued at `inbox`: record values in order, and a marker for other messages.
    private func drain(_ inbox: Channel<Message>) -> [String] {
        var seen: [String] = []
        while let message = inbox.poll() {
            switch message {
            case .records(let batch, _, _):
                let values = batch.values as! PrimitiveColumn<Int64>
                seen.append((0..<values.count).map { String(values[$0]) }.joined(separator: ","))
            case .watermark(let watermark, _): seen.append("wm\(watermark)")
            default: seen.append("other")
            }
        }
        return seen
    }

    @Test func smallPartsWaitUntilABatchsWorthGathers() throws {
        let (writer, inboxes) = writer(batchSize: 4)
        try writer.emit(batch(4))  // two rows per target: both wait
        #expect(drain(inboxes[0]).isEmpty && drain(inboxes[1]).isEmpty)
        try writer.emit(batch(4, from: 10))  // four rows per target: sent, in order, as one batch
        #expect(drain(inboxes[0]) == ["0,2,10,12"])
        #expect(drain(inboxes[1]) == ["1,3,11,13"])
    }

    @Test func aFlushSendsWhatWaits() throws {
        let (writer, inboxes) = writer(batchSize: 100)
        try writer.emit(batch(4))
        try writer.flush()
        #expect(drain(inboxes[0]) == ["0,2"])
        #expect(drain(inboxes[1]) == ["1,3"])
        try writer.flush()  // nothing waits: nothing more is sent
        #expect(drain(inboxes[0]).isEmpty)
    }

    @Test func aWatermarkFollowsTheRecordsBeforeIt() throws {
        let (writer, inboxes) = writer(batchSize: 100)
        try writer.emit(batch(4))
        try writer.emitWatermark(7)
        #expect(drain(inboxes[0]) == ["0,2", "wm7"])
        #expect(drain(inboxes[1]) == ["1,3", "wm7"])
    }

    @Test func aZeroTimeoutSendsEveryPartAtOnce() throws {
        let (writer, inboxes) = writer(batchSize: 100, timeout: 0)
        try writer.emit(batch(4))
        #expect(drain(inboxes[0]) == ["0,2"])
        #expect(drain(inboxes[1]) == ["1,3"])
    }

    @Test func partsWaitNoLongerThanTheBufferTimeout() throws {
        let (writer, inboxes) = writer(batchSize: 100, timeout: 20)
        try writer.emit(batch(4))
        #expect(drain(inboxes[0]).isEmpty)
        let until = monotonicMillis() + 25
        while monotonicMillis() < until {}  // the writer reads the real clock: buffer timeouts are wall time
        try writer.emit(batch(2, from: 10))  // the next emit finds the first parts past the timeout
        #expect(drain(inboxes[0]) == ["0,2,10"])
        #expect(drain(inboxes[1]) == ["1,3,11"])
    }

    @Test func aClosedInboxFailsTheFlush() throws {
        let (writer, inboxes) = writer(batchSize: 100)
        try writer.emit(batch(4))
        inboxes[1].close()
        #expect(throws: SpateError.self) { try writer.flush() }
    }

    /// A whole job: a source that gives less than a full batch is not saturated, so its subtask sends
    /// what its writer holds at once. This source waits, after its first two records, until both
    /// downstream subtasks have seen them (two seconds at most).
    @Test func aLightlyLoadedJobHoldsNothingBack() throws {
        let seen = Shared(0)
        let waitedInVain = Shared(false)
        let env = StreamEnvironment(parallelism: 2)
        let counter = try env.source("Source: Two Then Wait", outputType: .int64, parallelism: 1) { _ in
                TwoRowsThenWait(seen: seen, waitedInVain: waitedInVain)
            }
            .keyBy(.int64) { $0 }
            .transform { batch in
                seen.withLock { $0 += batch.count }
                return batch
            }
            .discard()
        try env.execute()
        #expect(counter.value == 2)
        #expect(!waitedInVain.withLock { $0 })
    }
}

/// Two records, then nothing until they have been seen downstream.
private final class TwoRowsThenWait: SourceOperator {
    let seen: Shared<Int>
    let waitedInVain: Shared<Bool>
    private var sent = false

    init(seen: Shared<Int>, waitedInVain: Shared<Bool>) {
        self.seen = seen
        self.waitedInVain = waitedInVain
    }

    func next(maxRows: Int) throws(SpateError) -> RecordBatch? {
        if !sent {
            sent = true
            let values = PrimitiveColumn<Int64>(type: .int64)
            values.append(1)
            values.append(2)
            return RecordBatch(values: values)
        }
        let deadline = monotonicMillis() + 2_000
        while seen.withLock({ $0 }) < 2 {
            if monotonicMillis() > deadline {
                waitedInVain.withLock { $0 = true }
                break
            }
        }
        return nil
    }
}
