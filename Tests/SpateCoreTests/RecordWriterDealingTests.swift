import Testing
@testable import SpateCore

/// Rebalance, rescale and shuffle hand out records one by one, as Flink's partitioners do, so that a
/// batch smaller than the downstream parallelism times anything still reaches every subtask.
@Suite struct RecordWriterDealingTests {
    private func writer(_ partitioning: Partitioning, targets: Int, subtask: Int = 0, upstream: Int = 1)
        -> (RecordWriter, [Channel<Message>]) {
        let inboxes = (0..<targets).map { _ in Channel<Message>(capacity: 64) }
        let writer = RecordWriter(targets: inboxes, partitioning: partitioning, input: 0, maxParallelism: 128,
                                  subtaskIndex: subtask, channelIndex: 0, upstreamParallelism: upstream)
        return (writer, inboxes)
    }

    private func batch(_ values: Range<Int64>) -> RecordBatch {
        let column = PrimitiveColumn<Int64>(type: .int64)
        for value in values { column.append(value) }
        return RecordBatch(values: column)
    }

    /// The record values each inbox holds, in arrival order.
    private func received(_ inboxes: [Channel<Message>]) -> [[Int64]] {
        inboxes.map { inbox in
            var values: [Int64] = []
            while let message = inbox.poll() {
                if case .records(let batch, _, _) = message {
                    let column = batch.values as! PrimitiveColumn<Int64>
                    values += (0..<column.count).map { column[$0] }
                }
            }
            return values
        }
    }

    @Test func rebalanceDealsEveryRecordToTheNextSubtask() throws {
        let (writer, inboxes) = writer(.rebalance, targets: 4)
        try writer.emit(batch(0..<8))
        try writer.flush()
        let got = received(inboxes)
        #expect(got.map(\.count) == [2, 2, 2, 2])
        // Consecutive records go to consecutive subtasks, wherever the deal started.
        let first = got.firstIndex { $0.contains(0) }!
        for value in Int64(0)..<8 { #expect(got[(first + Int(value)) % 4].contains(value)) }
    }

    @Test func rebalanceContinuesWhereTheLastBatchStopped() throws {
        let (writer, inboxes) = writer(.rebalance, targets: 4)
        for value in Int64(0)..<4 { try writer.emit(batch(value..<value + 1)) }
        try writer.flush()
        #expect(received(inboxes).map(\.count) == [1, 1, 1, 1])
    }

    @Test func rebalanceStartsAtARandomSubtask() throws {
        var firsts = Set<Int>()
        for _ in 0..<64 {
            let (writer, inboxes) = writer(.rebalance, targets: 4)
            try writer.emit(batch(0..<1))
            try writer.flush()
            firsts.insert(received(inboxes).firstIndex { !$0.isEmpty }!)
        }
        #expect(firsts.count > 1)  // 64 starts all at one subtask: a chance of 4^-63
    }

    @Test func rescaleDealsOverItsOwnGroup() throws {
        // Upstream subtask 1 of 2 feeds subtasks 2 and 3 of 4.
        let (writer, inboxes) = writer(.rescale, targets: 4, subtask: 1, upstream: 2)
        try writer.emit(batch(0..<6))
        try writer.flush()
        #expect(received(inboxes) == [[], [], [0, 2, 4], [1, 3, 5]])
    }

    @Test func shuffleSpreadsTheRecordsOfOneBatch() throws {
        let (writer, inboxes) = writer(.shuffle, targets: 4)
        try writer.emit(batch(0..<400))
        try writer.flush()
        let got = received(inboxes)
        #expect(got.allSatisfy { !$0.isEmpty })
        #expect(got.flatMap { $0 }.sorted() == Array(0..<400))
    }
}
