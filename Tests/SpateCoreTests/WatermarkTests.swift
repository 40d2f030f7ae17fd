import Synchronization
import Testing
@testable import SpateCore

@Suite struct WatermarkTests {
    @Test func theWatermarkIsTheMinimumOverChannelsAndOnlyAdvances() {
        var tracker = WatermarkTracker(channels: 2)
        #expect(tracker.update(channel: 0, to: 10) == nil)   // channel 1 still at the start
        #expect(tracker.update(channel: 1, to: 5) == 5)
        #expect(tracker.update(channel: 1, to: 4) == nil)    // never backwards
        #expect(tracker.update(channel: 1, to: 12) == 10)
        #expect(tracker.update(channel: 0, to: Int64.max) == 12)
        #expect(tracker.update(channel: 1, to: Int64.max) == Int64.max)
        #expect(tracker.update(channel: 7, to: 99) == nil)
    }

    @Test func idleChannelsAreLeftOutUntilTheySendAgain() {
        var tracker = WatermarkTracker(channels: 2)
        #expect(tracker.update(channel: 0, to: 10) == nil)   // channel 1 holds event time back
        #expect(tracker.markIdle(channel: 1) == 10)          // ... until it is idle
        #expect(tracker.update(channel: 0, to: 20) == 20)
        #expect(tracker.update(channel: 1, to: 15) == nil)   // active again, behind: never backwards
        #expect(tracker.update(channel: 0, to: 30) == nil)   // held back by channel 1 again
        #expect(tracker.update(channel: 1, to: 40) == 30)
        #expect(tracker.markIdle(channel: 0) == 40)
        #expect(!tracker.allIdle)
        #expect(tracker.markIdle(channel: 1) == nil)         // all idle: event time stands
        #expect(tracker.allIdle)
    }

    final class Recorder: StreamOperator, @unchecked Sendable {
        static let seen = Mutex<[Int64]>([])
        func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {}
        func processWatermark(_ watermark: Int64, output: Collector) throws(SpateError) {
            Self.seen.withLock { $0.append(watermark) }
            try output.emitWatermark(watermark)
        }
    }

    // Serialized: the recorder's log is shared by the two cases.
    @Test(.serialized, arguments: [1, 2])
    func boundedSourcesEndWithTheMaximumWatermarkOnce(parallelism: Int) throws {
        Recorder.seen.withLock { $0 = [] }
        let env = StreamEnvironment(parallelism: parallelism)
        _ = try env.sequence(from: 0, to: 999).map { $0 + 1 }
            .apply("Recorder", parallelism: 1) { Recorder() }
            .discard()
        try env.execute()
        #expect(Recorder.seen.withLock { $0 } == [Int64.max])
    }
}
