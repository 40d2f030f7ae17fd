import Testing
@testable import SpateCore

@Suite struct WindowTests {
    static let starts: [(timestamp: Int64, offset: Int64, size: Int64, start: Int64)] = [
        (7, 0, 5, 5), (-1, 0, 5, -5), (-5, 0, 5, -5), (-6, 0, 5, -10), (7, 2, 5, 7), (1, 2, 5, -3), (0, -1, 5, -1),
    ]

    @Test func windowStartsAreFlinks() {
        for case let (timestamp, offset, size, start) in Self.starts {
            #expect(WindowAssigner.windowStart(timestamp, offset: offset, size: size) == start)
        }
    }

    @Test func slidingWindowsIncludeNegativeStarts() throws {
        var starts: [Int64] = []
        try WindowAssigner.sliding(size: 5, slide: 2, offset: 0).forEachWindow(of: 1) { starts.append($0) }
        #expect(starts == [0, -2])  // [0, 5) and [-2, 3)
    }

    @Test func invalidWindowsAreRejected() {
        #expect(throws: SpateError.self) { try WindowAssigner.tumbling(size: 0, offset: 0).validate() }
        #expect(throws: SpateError.self) { try WindowAssigner.tumbling(size: 5, offset: 5).validate() }
        #expect(throws: SpateError.self) { try WindowAssigner.sliding(size: 5, slide: -1, offset: 0).validate() }
    }

    @Test(arguments: [1, 2])
    func tumblingSumsPerKeyAndWindow(parallelism: Int) throws {
        let env = StreamEnvironment(parallelism: parallelism)
        let out = try env.sequence(from: 0, to: 9_999)
            .assignTimestamps { $0 }
            .keyBy(.int64) { $0 % 10 }
            .mapValues { $0 % 97 }
            .window(.tumbling(size: 1_000, offset: 0), .sum)
            .collect()
        try env.execute()
        let values = out.int64Values
        #expect(values.count == 100)  // 10 keys x 10 windows
        let total: Int64 = values.reduce(0, +)
        var expected: Int64 = 0
        for i in 0..<10_000 { expected += Int64(i % 97) }
        #expect(total == expected)
    }

    final class Output: Collector {
        var values: [Int64] = []
        var times: [Int64] = []
        func emit(_ batch: RecordBatch) throws(SpateError) {
            let column = batch.values as! PrimitiveColumn<Int64>
            for row in 0..<batch.count {
                values.append(column[row])
                times.append(batch.timestamps![row])
            }
        }
        func emitWatermark(_ watermark: Int64) throws(SpateError) {}
    }

    func batch(_ rows: [(key: Int64, value: Int64, time: Int64)]) -> RecordBatch {
        let keys = PrimitiveColumn<Int64>(type: .int64)
        let values = PrimitiveColumn<Int64>(type: .int64)
        let times = PrimitiveColumn<Int64>(type: .int64)
        for row in rows {
            keys.append(row.key)
            values.append(row.value)
            times.append(row.time)
        }
        return RecordBatch(values: values, keys: keys, timestamps: times)
    }

    @Test func windowsFireWhenTheWatermarkReachesTheirEndAndLateElementsAreDropped() throws {
        let window = WindowAggregateOperator<Int64>(assigner: .tumbling(size: 5, offset: 0), kind: .sum)
        let output = Output()
        try window.process(batch([(1, 1, 1), (1, 2, 4), (1, 10, 5)]), input: 0, output: output)
        try window.processWatermark(3, output: output)
        #expect(output.values.isEmpty)
        try window.processWatermark(4, output: output)   // [0, 5) ends at 4
        #expect(output.values == [3])
        #expect(output.times == [4])
        try window.process(batch([(1, 100, 2), (1, 20, 6)]), input: 0, output: output)  // ts 2 is late
        #expect(window.lateCount == 1)
        try window.processWatermark(Int64.max, output: output)
        #expect(output.values == [3, 30])
        #expect(output.times == [4, 9])
    }

    @Test func aReusedWindowTableHoldsOnlyItsOwnKeys() throws {
        // Window [0, 5) holds keys 1, 2 and 3; once it fires, [5, 10) reuses its table with key 2
        // alone: nothing of the first window's other keys may come back.
        let window = WindowAggregateOperator<Int64>(assigner: .tumbling(size: 5, offset: 0), kind: .count)
        let output = Output()
        try window.process(batch([(1, 1, 1), (2, 1, 2), (3, 1, 3), (2, 1, 4)]), input: 0, output: output)
        try window.processWatermark(4, output: output)
        #expect(output.values == [1, 2, 1])  // by key, in the order keys were first seen
        try window.process(batch([(2, 1, 6)]), input: 0, output: output)
        try window.processWatermark(9, output: output)
        #expect(output.values == [1, 2, 1, 1])
        #expect(output.times == [4, 4, 4, 9])
        // Many keys (more than one word of presence bits), twice over the same reused table.
        for round in 0..<2 {
            let start = Int64(10 + 5 * round)
            try window.process(batch((0..<130).map { (Int64($0), Int64($0), start) }), input: 0, output: output)
            try window.processWatermark(start + 4, output: output)
        }
        #expect(output.values.count == 4 + 2 * 130 && output.values.dropFirst(4).allSatisfy { $0 == 1 })
    }

    /// Records a window operator's late side output (side output 0).
    final class LateOutput: Collector {
        var values: [Int64] = []
        var times: [Int64] = []
        func emit(_ batch: RecordBatch) throws(SpateError) {
            guard let late = batch.sideOutputs[0] else { return }
            let column = late.values as! PrimitiveColumn<Int64>
            for row in 0..<late.count {
                values.append(column[row])
                times.append(late.timestamps![row])
            }
        }
        func emitWatermark(_ watermark: Int64) throws(SpateError) {}
    }

    @Test func anElementIsLateOnlyWhenAllItsWindowsFiredAndGoesToTheLateOutput() throws {
        let window = WindowAggregateOperator<Int64>(assigner: .sliding(size: 10, slide: 5, offset: 0), kind: .sum,
                                                    lateOutput: 0)
        let late = LateOutput()
        try window.process(batch([(1, 1, 1), (1, 12, 12)]), input: 0, output: late)
        try window.processWatermark(11, output: late)  // [-5, 5) and [0, 10) fire
        // 3 belongs to [-5, 5) and [0, 10) only: late. 7 still belongs to [5, 15): not late.
        try window.process(batch([(1, 3, 3), (1, 7, 7)]), input: 0, output: late)
        #expect(late.values == [3])
        #expect(late.times == [3])
        #expect(window.lateCount == 1)
        let output = Output()
        try window.processWatermark(Int64.max, output: output)
        #expect(output.values == [19, 12])  // [5, 15): 12 + 7, [10, 20): 12
    }

    @Test func withoutALateOutputLateElementsAreCountedAndDropped() throws {
        let recorder = WindowRecorder()
        let window = SessionWindowOperator(gap: 5, function: recorder)
        let late = LateOutput()
        try window.process(batch([(1, 1, 1), (1, 20, 20)]), input: 0, output: late)
        try window.processWatermark(19, output: late)  // the session [1, 6) fires
        try window.process(batch([(1, 3, 3)]), input: 0, output: late)  // would join [1, 6): late
        #expect(window.lateCount == 1)
        #expect(late.values.isEmpty)
        #expect(recorder.fired.map(\.values) == [[1]])
    }
}

/// Records the windows a window operator hands over.
final class WindowRecorder: WindowBatchFunction {
    var fired: [(start: Int64, values: [Int64])] = []
    func open(_ context: OperatorContext) throws(SpateError) {}
    func close() {}
    func process(windows elements: RecordBatch, offsets: [Int64], starts: [Int64], ends: [Int64],
                 watermark: Int64) throws(SpateError) -> RecordBatch? {
        let values = elements.values as! PrimitiveColumn<Int64>
        for (index, start) in starts.enumerated() {
            fired.append((start, (Int(offsets[index])..<Int(offsets[index + 1])).map { values[$0] }))
        }
        return nil
    }
}

@Suite struct AllowedLatenessTests {
    @Test func lateElementsWithinTheLatenessFireTheWindowAgainAndLaterOnesAreDropped() throws {
        let recorder = WindowRecorder()
        let window = WindowProcessOperator(assigner: .tumbling(size: 5, offset: 0), function: recorder, allowedLateness: 3)
        let output = WindowTests.Output()
        let test = WindowTests()
        try window.process(test.batch([(1, 10, 1), (1, 20, 2)]), input: 0, output: output)
        try window.processWatermark(5, output: output)          // [0,5) fires
        #expect(recorder.fired.map(\.values) == [[10, 20]])
        try window.process(test.batch([(1, 30, 3)]), input: 0, output: output)  // late, within 4 + 3
        #expect(recorder.fired.map(\.values) == [[10, 20], [10, 20, 30]])
        try window.processWatermark(7, output: output)          // 4 + 3 = 7: the window is dropped
        try window.process(test.batch([(1, 40, 4)]), input: 0, output: output)  // too late
        #expect(recorder.fired.count == 2)
        #expect(window.lateCount == 1)
    }
}

@Suite struct CountWindowTests {
    func fire(size: Int, slide: Int, elements: Int) throws -> [(start: Int64, values: [Int64])] {
        let recorder = WindowRecorder()
        let window = CountWindowOperator(size: size, slide: slide, function: recorder)
        let test = WindowTests()
        // One element per batch, then all the rest in one: both paths fill the same windows.
        try window.process(test.batch([(1, 0, 0)]), input: 0, output: WindowTests.Output())
        try window.process(test.batch((1..<elements).map { (1, Int64($0), 0) }), input: 0, output: WindowTests.Output())
        return recorder.fired
    }

    @Test func tumblingWindowsHoldSizeElements() throws {
        let fired = try fire(size: 3, slide: 3, elements: 8)
        #expect(fired.map(\.start) == [0, 1])
        #expect(fired.map(\.values) == [[0, 1, 2], [3, 4, 5]])
    }

    @Test func slidingWindowsStartEverySlideAndFireWhenComplete() throws {
        let fired = try fire(size: 3, slide: 2, elements: 8)
        #expect(fired.map(\.start) == [0, 1, 2])
        #expect(fired.map(\.values) == [[0, 1, 2], [2, 3, 4], [4, 5, 6]])
    }

    @Test func aSlideBeyondTheSizeSkipsElements() throws {
        let fired = try fire(size: 2, slide: 3, elements: 8)
        #expect(fired.map(\.values) == [[0, 1], [3, 4], [6, 7]])
    }
}
