import Testing
@testable import SpateCore

@Suite struct JobTests {
    @Test(arguments: [1, 2])
    func mapRunsOverEverySubtask(parallelism: Int) throws {
        let env = StreamEnvironment(parallelism: parallelism)
        let out = try env.sequence(from: 1, to: 10_000).map { $0 * 2 }.collect()
        try env.execute()
        #expect(out.int64Values.sorted() == (1...10_000).map { Int64($0) * 2 })
    }

    @Test(arguments: [1, 2])
    func keyedSumIsPerKeyAndEveryKeyStaysOnOneSubtask(parallelism: Int) throws {
        let env = StreamEnvironment(parallelism: parallelism)
        let out = try env.sequence(from: 0, to: 9_999, parallelism: 1).keyBy(.int64) { $0 % 10 }.sum().collect()
        try env.execute()
        let values = out.int64Values
        #expect(values.count == 10_000)
        // Running sums per key only grow, so the 10 largest values are the keys' final sums,
        // which add up to the total of every input (each key summed on exactly one subtask).
        let total = (0..<10_000).reduce(Int64(0)) { $0 + Int64($1) }
        #expect(values.sorted().suffix(10).reduce(0, +) == total)
    }

    @Test func batchModeEmitsOnlyTheFinalValuePerKey() throws {
        let env = StreamEnvironment(parallelism: 2)
        env.graph.runtimeMode = .batch
        let out = try env.sequence(from: 0, to: 999).keyBy(.int64) { $0 % 4 }.sum().collect()
        try env.execute()
        let values = out.int64Values.sorted()
        #expect(values.count == 4)
        #expect(values.reduce(0, +) == (0..<1000).reduce(0, +))
    }

    @Test func unionMergesStreamsAndEndsAfterAllInputsEnd() throws {
        let env = StreamEnvironment(parallelism: 2)
        let a = try env.sequence(from: 0, to: 99)
        let b = try env.sequence(from: 100, to: 199, parallelism: 1)
        let out = try a.union(b).collect(parallelism: 1)
        try env.execute()
        #expect(out.int64Values.sorted() == (0..<200).map { Int64($0) })
    }

    @Test func backpressureBoundsChannelsWithoutLosingRecords() throws {
        // A slow consumer behind bounded channels: the fast source must wait, not drop.
        let env = StreamEnvironment(parallelism: 1)
        env.graph.batchSize = 16
        let slow = try env.sequence(from: 1, to: 4_000).keyBy(.int64) { $0 % 3 }
            .transform("Slow") { batch in
                var spin = 0
                for i in 0..<2_000 { spin &+= i }
                _ = spin
                return RecordBatch(values: batch.values)
            }
            .discard()
        try env.execute()
        #expect(slow.value == 4_000)
    }

    @Test func aFailingOperatorFailsTheJobAndNamesIt() throws {
        let env = StreamEnvironment(parallelism: 2)
        _ = try env.sequence(from: 1, to: 100_000).transform("Exploding") { _ throws(SpateError) in
            throw SpateError(.runtime, "boom")
        }.discard()
        let job = try Job.start(env.graph)
        #expect(throws: SpateError.self) { try job.waitUntilFinished() }
        #expect(env.graph.node(job.failedOperator.node).name == "Exploding")
    }

    /// Passes batches on; its close() fails, as a Python function's close() that raises.
    final class FailingClose: StreamOperator {
        func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
            try output.emit(batch)
        }
        func close() throws(SpateError) { throw SpateError(.callbackFailed, "close failed") }
    }

    @Test func aCloseThatFailsFailsTheJobAndNamesTheOperator() throws {
        let env = StreamEnvironment(parallelism: 2)
        _ = try env.sequence(from: 1, to: 1_000).apply("Closing") { FailingClose() }.discard()
        let job = try Job.start(env.graph)
        #expect(throws: SpateError.self) { try job.waitUntilFinished() }
        #expect(env.graph.node(job.failedOperator.node).name == "Closing")
    }

    @Test func sumOverflowIsAnErrorNotAWrap() throws {
        let env = StreamEnvironment(parallelism: 1)
        _ = try env.sequence(from: Int64.max - 1, to: Int64.max).keyBy(.int64) { _ in 0 }.sum().discard()
        #expect(throws: SpateError.self) { try env.execute() }
    }

    @Test func invalidParallelismIsAnErrorNotACrash() throws {
        let env = StreamEnvironment(parallelism: 1)
        #expect(throws: SpateError.self) { try env.sequence(from: 0, to: 1, parallelism: -1) }
        #expect(throws: SpateError.self) { try env.sequence(from: 0, to: 1).map { $0 }.discard(parallelism: -2) }
    }

    @Test(arguments: [0, -1, 32769, 40000])
    func aMaximumParallelismOutsideFlinksBoundsIsAnError(maxParallelism: Int) throws {
        let env = StreamEnvironment(parallelism: 1)
        env.graph.maxParallelism = maxParallelism
        _ = try env.sequence(from: 0, to: 9).keyBy(.int64) { $0 % 3 }.sum().discard()
        #expect(throws: SpateError.self) { try env.execute() }
    }

    @Test func flinksLargestMaximumParallelismRuns() throws {
        let env = StreamEnvironment(parallelism: 2)
        env.graph.maxParallelism = 32768
        let out = try env.sequence(from: 0, to: 9).keyBy(.int64) { $0 % 3 }.sum().collect()
        try env.execute()
        #expect(out.int64Values.count == 10 && out.int64Values.max() == 18)  // 0 + 3 + 6 + 9
    }

    @Test func sequenceSourceSplitsExactlyOverSubtasks() throws {
        let env = StreamEnvironment(parallelism: 2)
        let out = try env.sequence(from: -5, to: 6).collect()
        try env.execute()
        #expect(out.int64Values.sorted() == Array(-5...6))
    }
}
