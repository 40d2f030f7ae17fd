#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
@testable import SpateCore

/// Tags each record with the number of checkpoint barriers that passed before it.
private final class TagByCheckpoint: StreamOperator {
    private var passed: Int64 = 0
    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        let tags = PrimitiveColumn<Int64>(type: .int64, capacity: batch.count)
        for _ in 0..<batch.count { tags.append(passed) }
        try output.emit(RecordBatch(values: tags))
    }
    func processBarrier(_ checkpointID: Int64, output: Collector) throws(SpateError) {
        passed = checkpointID
        try output.emitBarrier(checkpointID)
    }
}

/// What one subtask downstream saw: barriers in order, and records whose tag is not the number of
/// barriers passed here (a record from after a checkpoint processed before it, or the reverse).
private final class CheckpointRecorder: StreamOperator {
    struct Seen { var barriers: [Int64] = []; var early = 0; var late = 0; var records = 0 }
    let seen: Shared<Seen>
    init(_ seen: Shared<Seen>) { self.seen = seen }
    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        let tags = batch.values as! PrimitiveColumn<Int64>
        seen.withLock { seen in
            let passed = seen.barriers.last ?? 0
            for row in 0..<batch.count {
                if tags[row] > passed { seen.early += 1 }
                if tags[row] < passed { seen.late += 1 }
            }
            seen.records += batch.count
        }
    }
    func processBarrier(_ checkpointID: Int64, output: Collector) throws(SpateError) {
        seen.withLock { $0.barriers.append(checkpointID) }
    }
}

@Suite struct CheckpointTests {
    @Test func anAlignedChannelIsHeldBackUntilEveryLiveChannelDeliveredTheBarrier() {
        var aligner = BarrierAligner(channels: 3, aligned: true)
        #expect(aligner.barrier(1, channel: 0) == nil)
        #expect(aligner.holdsBack(0) && !aligner.holdsBack(1))
        aligner.hold(.watermark(5, channel: 0))
        aligner.hold(.endOfInput(channel: 0))
        #expect(aligner.channelEnded(2) == nil)  // ended without the barrier: not waited for
        #expect(aligner.barrier(1, channel: 1) == 1)
        #expect(!aligner.holdsBack(0))
        let released = aligner.release()
        #expect(released.map(\.channel) == [0, 0])
        #expect(aligner.release().isEmpty)
    }

    @Test func anUnalignedChannelIsNeverHeldBack() {
        var aligner = BarrierAligner(channels: 2, aligned: false)
        #expect(aligner.barrier(4, channel: 1) == nil)
        #expect(!aligner.holdsBack(1))
        #expect(aligner.channelEnded(0) == 4)
    }

    @Test func theCoordinatorTriggersWhenDueOneAtATimeAndCompletesWhenEverySubtaskAcknowledged() {
        let clock = ManualClock(start: 0)
        let coordinator = CheckpointCoordinator(intervalMillis: 100, mode: .exactlyOnce, clock: clock, subtasks: 3)
        let completions = Shared<[Int64]>([])
        coordinator.onCompletion { id in completions.withLock { $0.append(id) } }
        #expect(coordinator.latestTriggered() == 0)
        clock.advance(by: 100)
        #expect(coordinator.latestTriggered() == 1)
        clock.advance(by: 500)
        #expect(coordinator.latestTriggered() == 1)  // checkpoint 1 is still in flight
        coordinator.acknowledge(1, slot: 0)
        coordinator.subtaskEnded(slot: 2)
        #expect(coordinator.completed == 0)
        coordinator.acknowledge(1, slot: 1)
        #expect(coordinator.completed == 1 && completions.withLock { $0 } == [1])
        #expect(coordinator.latestTriggered() == 2)
    }

    @Test func theNextCheckpointWaitsTheMinimumPauseAfterOneCompletes() {
        let clock = ManualClock(start: 0)
        let coordinator = CheckpointCoordinator(intervalMillis: 100, minPauseMillis: 500, mode: .exactlyOnce,
                                                clock: clock, subtasks: 1)
        _ = coordinator.latestTriggered()
        clock.advance(by: 100)
        #expect(coordinator.latestTriggered() == 1)
        clock.advance(by: 100)
        coordinator.acknowledge(1, slot: 0)  // completes at 200
        clock.advance(by: 499)
        #expect(coordinator.latestTriggered() == 1)  // the interval has passed, the pause not yet
        clock.advance(by: 1)
        #expect(coordinator.latestTriggered() == 2)
    }

    /// Two source subtasks tag records by the barriers they sent; one subtask behind a keyed
    /// exchange checks each record's tag against the barriers it passed.
    @Test(arguments: [CheckpointCoordinator.Mode.exactlyOnce, .atLeastOnce])
    func barriersFlowInBandAndAlignmentKeepsCheckpointsApart(mode: CheckpointCoordinator.Mode) throws {
        let env = StreamEnvironment(parallelism: 2)
        env.graph.batchSize = 64
        env.graph.clock = TickingClock(step: 10)
        env.graph.checkpointIntervalMillis = 10
        env.graph.checkpointingMode = mode
        let seen = Shared(CheckpointRecorder.Seen())
        _ = try env.sequence(from: 0, to: 99_999)
            .apply("Tag") { TagByCheckpoint() }
            .keyBy(.int64) { _ in 0 }
            .apply("Record", parallelism: 1) { CheckpointRecorder(seen) }
        try env.execute()
        let result = seen.withLock { $0 }
        #expect(result.records == 100_000)
        #expect(result.barriers.count >= 3)
        #expect(result.barriers == Array(1...Int64(result.barriers.count)))
        #expect(result.late == 0)  // channels are in order: nothing from before a barrier comes after it
        if mode == .exactlyOnce { #expect(result.early == 0) }  // at least once: about a third arrive early here
    }

    @Test func withoutCheckpointingNoBarrierFlows() throws {
        let env = StreamEnvironment(parallelism: 2)
        env.graph.batchSize = 64
        let seen = Shared(CheckpointRecorder.Seen())
        _ = try env.sequence(from: 0, to: 9_999).apply("Tag") { TagByCheckpoint() }
            .keyBy(.int64) { _ in 0 }.apply("Record", parallelism: 1) { CheckpointRecorder(seen) }
        try env.execute()
        #expect(seen.withLock { $0.barriers.isEmpty && $0.records == 10_000 })
    }

    /// With checkpoints, a rolled part stays hidden until its checkpoint completes.
    @Test func aFileSinkMakesItsPartsVisibleWhenTheirCheckpointCompletes() throws {
        let directory = "/tmp/spate-checkpoint-test-\(UInt64.random(in: 0...UInt64.max))"
        let clock = ManualClock(start: 0)
        let checkpoints = CheckpointCoordinator(intervalMillis: 100, mode: .exactlyOnce, clock: clock, subtasks: 2)
        let sink = FileSinkOperator(settings: .init(basePath: directory, bucketFormat: nil, rollsOnCheckpoint: true))
        var context = OperatorContext(operatorName: "sink", subtaskIndex: 0, parallelism: 1, maxParallelism: 128,
                                      runtimeMode: .streaming)
        context.checkpoints = checkpoints
        try sink.open(context)
        let lines = StringColumn(capacity: 2)
        lines.append("a")
        lines.append("b")
        let output = Discard()
        try sink.process(RecordBatch(values: lines), input: 0, output: output)
        _ = checkpoints.latestTriggered()
        clock.advance(by: 100)
        #expect(checkpoints.latestTriggered() == 1)
        try sink.processBarrier(1, output: output)
        checkpoints.acknowledge(1, slot: 0)
        #expect(try FileLinesSource.listFiles([directory]).isEmpty)  // the other subtask has not acknowledged
        checkpoints.acknowledge(1, slot: 1)
        let files = try FileLinesSource.listFiles([directory])
        #expect(files.count == 1)
        try sink.process(RecordBatch(values: lines), input: 0, output: output)
        try sink.endOfInput(output: output)  // the end finishes what no checkpoint committed
        let finished = try FileLinesSource.listFiles([directory])
        #expect(finished.count == 2)
        sink.close()
        for file in finished { unlink(file) }
        rmdir(directory)
    }
}

private final class Discard: Collector {
    func emit(_ batch: RecordBatch) throws(SpateError) {}
    func emitWatermark(_ watermark: Int64) throws(SpateError) {}
}
