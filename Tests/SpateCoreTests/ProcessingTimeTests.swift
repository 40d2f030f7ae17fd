import Testing
@testable import SpateCore

/// Records what an operator emits: values (int64) and watermarks.
final class RecordingOutput: Collector {
    var values: [Int64] = []
    var watermarks: [Int64] = []
    func emit(_ batch: RecordBatch) throws(SpateError) {
        guard let column = batch.values as? PrimitiveColumn<Int64> else { return }
        for row in 0..<batch.count { values.append(column[row]) }
    }
    func emitWatermark(_ watermark: Int64) throws(SpateError) { watermarks.append(watermark) }
}

@Suite struct ProcessingTimeWindowTests {
    func context(_ clock: ProcessingClock) -> OperatorContext {
        OperatorContext(operatorName: "windows", subtaskIndex: 0, parallelism: 1, maxParallelism: 128,
                        runtimeMode: .streaming, collectQueue: nil, clock: clock)
    }

    /// Keyed values without timestamps: processing time stamps them on arrival.
    func batch(_ values: [Int64], key: Int64 = 1) -> RecordBatch {
        let keys = PrimitiveColumn<Int64>(type: .int64)
        let column = PrimitiveColumn<Int64>(type: .int64)
        for value in values {
            keys.append(key)
            column.append(value)
        }
        return RecordBatch(values: column, keys: keys)
    }

    @Test func windowsCollectByArrivalTimeAndFireOnceTheClockPassesThem() throws {
        let clock = ManualClock(start: 100)
        let windows = try Operators.onProcessingTime(
            Operators.windowAggregate(.tumbling(size: 1_000, offset: 0), .sum, type: .int64)) as! ProcessingTimeWindowOperator
        try windows.open(context(clock))
        let output = RecordingOutput()
        try windows.process(batch([1, 2]), input: 0, output: output)
        clock.advance(by: 899)                                    // 999: [0, 1000) still open
        try windows.process(batch([3]), input: 0, output: output)
        #expect(windows.nextProcessingTime == 1_000)
        try windows.processWatermark(5_000, output: output)      // event time passes through, fires nothing
        #expect(output.values.isEmpty)
        #expect(output.watermarks == [5_000])
        clock.advance(by: 1)
        try windows.onProcessingTime(clock.now(), output: output)
        #expect(output.values == [6])
        #expect(output.watermarks == [5_000])                      // the clock is not event time
        #expect(windows.nextProcessingTime == nil)
        try windows.process(batch([10]), input: 0, output: output)  // arrives at 1000: the next window
        #expect(windows.nextProcessingTime == 2_000)
    }

    @Test func onlyWindowOperatorsRunOnProcessingTime() {
        #expect(throws: SpateError.self) { try Operators.onProcessingTime(Operators.transform(KeyByConstant())) }
    }
}

/// A keyed function that registers a processing-time timer at `element + 100` and emits each
/// firing's timestamp and domain.
final class TimerRecorder: StatefulBatchFunction {
    var fired: [(time: Int64, domain: TimeDomain)] = []
    func open(_ context: OperatorContext) throws(SpateError) {}
    func close() {}
    func process(_ batch: RecordBatch, slots: UnsafeBufferPointer<Int64>, states: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>,
                 stateCount: Int, watermark: Int64) throws(SpateError) -> (RecordBatch?, [TimerChange]) {
        let values = batch.values as! PrimitiveColumn<Int64>
        let changes = (0..<batch.count).map { row in
            TimerChange(slot: slots[row], timestamp: values[row] + 100, register: true, domain: .processingTime)
        }
        return (nil, changes)
    }
    func fire(slots: [Int64], timestamps: [Int64], domain: TimeDomain, states: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>,
              stateCount: Int, watermark: Int64) throws(SpateError) -> (RecordBatch?, [TimerChange]) {
        fired += timestamps.map { ($0, domain) }
        return (nil, [])
    }
}

@Suite struct ProcessingTimeTimerTests {
    @Test func processingTimeTimersFireInOrderWhenTheClockReachesThemAndNotOnWatermarks() throws {
        let function = TimerRecorder()
        let op = Operators.keyedProcess(function) as! KeyedProcessOperator
        let output = RecordingOutput()
        try op.process(ProcessingTimeWindowTests().batch([50, 10, 10]), input: 0, output: output)
        #expect(op.nextProcessingTime == 110)                      // (key, 110) registered twice: once
        try op.processWatermark(Int64.max, output: output)        // event time does not fire them
        #expect(function.fired.isEmpty)
        try op.onProcessingTime(120, output: output)
        #expect(function.fired.map(\.time) == [110])
        #expect(function.fired.allSatisfy { $0.domain == .processingTime })
        #expect(op.nextProcessingTime == 150)
        try op.onProcessingTime(150, output: output)
        #expect(function.fired.map(\.time) == [110, 150])
        #expect(op.nextProcessingTime == nil)
    }

    @Test func aTickingClockMovesAtEveryReading() {
        let clock = TickingClock(start: 0, step: 200)
        #expect([clock.now(), clock.now(), clock.now()] == [0, 200, 400])
    }
}
