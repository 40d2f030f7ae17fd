import Synchronization
import Testing
@testable import SpateCore

@Suite struct WatermarkGeneratorTests {
    final class Output: Collector {
        var watermarks: [Int64] = []
        var rows = 0
        var idle = 0
        func emit(_ batch: RecordBatch) throws(SpateError) { rows += batch.count }
        func emitWatermark(_ watermark: Int64) throws(SpateError) { watermarks.append(watermark) }
        func emitIdle() throws(SpateError) { idle += 1 }
    }

    @Test func aGeneratorWithoutRecordsForTheIdleTimeoutSaysItIsIdle() throws {
        let clock = ManualClock(start: 0)
        let generator = Operators.watermarks(outOfOrderness: 0, intervalMillis: 200, idleTimeout: 1_000)
            as! WatermarkGeneratorOperator
        try generator.open(context(clock))
        let output = Output()
        clock.advance(by: 300)
        try generator.process(batch([10]), input: 0, output: output)   // watermark 9
        #expect(generator.nextProcessingTime == 1_300)
        clock.advance(by: 999)
        #expect(output.idle == 0)
        clock.advance(by: 1)
        try generator.onProcessingTime(clock.now(), output: output)
        #expect(output.idle == 1)
        #expect(generator.nextProcessingTime == nil)                  // idle until records come
        try generator.process(batch([20]), input: 0, output: output)   // active again: its watermark first
        #expect(output.watermarks == [9, 9, 19])                       // then the interval has passed: 19
    }

    func batch(_ timestamps: [Int64]) -> RecordBatch {
        let values = PrimitiveColumn<Int64>(type: .int64)
        let times = PrimitiveColumn<Int64>(type: .int64)
        for t in timestamps {
            values.append(t)
            times.append(t)
        }
        return RecordBatch(values: values, timestamps: times)
    }

    func context(_ clock: ProcessingClock) -> OperatorContext {
        OperatorContext(operatorName: "w", subtaskIndex: 0, parallelism: 1, maxParallelism: 128,
                        runtimeMode: .streaming, collectQueue: nil, clock: clock)
    }

    @Test func watermarksComeEveryIntervalFromTheLargestTimestamp() throws {
        let clock = ManualClock(start: 1_000)
        let generator = Operators.watermarks(outOfOrderness: 5, intervalMillis: 200)
        try generator.open(context(clock))
        let output = Output()
        try generator.process(batch([10, 30, 20]), input: 0, output: output)
        #expect(output.watermarks.isEmpty)  // no processing time has passed: nothing yet
        clock.advance(by: 199)
        try generator.process(batch([40]), input: 0, output: output)
        #expect(output.watermarks.isEmpty)
        clock.advance(by: 1)
        try generator.process(batch([35]), input: 0, output: output)
        #expect(output.watermarks == [40 - 5 - 1])
        clock.advance(by: 200)
        try generator.process(batch([36]), input: 0, output: output)
        #expect(output.watermarks == [34])  // unchanged maximum: not repeated
        try generator.processWatermark(Int64.max, output: output)
        #expect(output.watermarks == [34, Int64.max])
        #expect(output.rows == 6)
    }

    /// An endless source that goes quiet: the watermark its last records allow comes at the next
    /// tick of the interval, not with records that may never come.
    @Test func aWatermarkOwedWhenRecordsStopComesAtTheNextTick() throws {
        let clock = ManualClock(start: 1_000)
        let generator = Operators.watermarks(outOfOrderness: 0, intervalMillis: 200) as! WatermarkGeneratorOperator
        try generator.open(context(clock))
        let output = Output()
        try generator.process(batch([10, 12]), input: 0, output: output)
        #expect(output.watermarks.isEmpty && generator.nextProcessingTime == 1_200)
        clock.advance(by: 200)
        try generator.onProcessingTime(clock.now(), output: output)
        #expect(output.watermarks == [11])
        #expect(generator.nextProcessingTime == nil)  // nothing owed: no tick
    }

    @Test func noWatermarksStrategyEmitsOnlyTheEnd() throws {
        let clock = ManualClock()
        let generator = Operators.watermarks(outOfOrderness: nil, intervalMillis: 200)
        try generator.open(context(clock))
        let output = Output()
        clock.advance(by: 1_000)
        try generator.process(batch([5]), input: 0, output: output)
        try generator.processWatermark(7, output: output)
        try generator.processWatermark(Int64.max, output: output)
        #expect(output.watermarks == [Int64.max])
    }
}
