import Testing
@testable import SpateCore

@Suite struct WindowTriggerTests {
    @Test func eventTimeTriggerWaitsForTheWindowEndAndFiresLateElementsAtOnce() {
        var state = WindowTrigger.State()
        var timers: [WindowTrigger.Timer] = []
        let trigger = WindowTrigger.eventTime
        #expect(trigger.onElement(timestamp: 3, maxTimestamp: 9, watermark: 0, now: 0, state: &state, timers: &timers) == [])
        #expect(timers == [.eventTime(9)])
        #expect(trigger.onEventTime(9, maxTimestamp: 9, state: &state, timers: &timers) == .fire)
        #expect(trigger.onElement(timestamp: 4, maxTimestamp: 9, watermark: 12, now: 0, state: &state, timers: &timers) == .fire)
    }

    @Test func countTriggerFiresEveryNElementsAndPurgingAddsAPurge() {
        var state = WindowTrigger.State()
        var timers: [WindowTrigger.Timer] = []
        let trigger = WindowTrigger.purging(.count(2))
        let actions = (0..<5).map { _ in
            trigger.onElement(timestamp: 0, maxTimestamp: .max, watermark: .min, now: 0, state: &state, timers: &timers)
        }
        #expect(actions == [[], [.fire, .purge], [], [.fire, .purge], []])
        #expect(timers.isEmpty)
    }

    @Test func continuousProcessingTimeTriggerFiresEveryIntervalUpToTheWindowEnd() {
        var state = WindowTrigger.State()
        var timers: [WindowTrigger.Timer] = []
        let trigger = WindowTrigger.continuousProcessingTime(interval: 100)
        _ = trigger.onElement(timestamp: 0, maxTimestamp: 249, watermark: .min, now: 130, state: &state, timers: &timers)
        _ = trigger.onElement(timestamp: 0, maxTimestamp: 249, watermark: .min, now: 140, state: &state, timers: &timers)
        #expect(timers == [.processingTime(200)])  // one schedule, from the first element
        #expect(trigger.onProcessingTime(150, maxTimestamp: 249, state: &state, timers: &timers) == [])
        #expect(trigger.onProcessingTime(200, maxTimestamp: 249, state: &state, timers: &timers) == .fire)
        #expect(timers.last == .processingTime(249))  // the next is capped at the window's end
    }

    @Test func invalidTriggersAreRefused() {
        #expect(throws: SpateError.self) { try WindowTrigger.count(0).validate() }
        #expect(throws: SpateError.self) { try WindowTrigger.purging(.continuousEventTime(interval: -1)).validate() }
    }
}

@Suite struct TriggeredWindowOperatorTests {
    @Test func processingTimeWindowsWithAContinuousTriggerFireAsTheClockMoves() throws {
        let recorder = WindowRecorder()
        let clock = ManualClock(start: 1_000)
        let op = Operators.triggeredWindows(.time(.tumbling(size: 1_000, offset: 0), processingTime: true),
                                            trigger: .continuousProcessingTime(interval: 300), recorder) as! TriggeredWindowOperator
        try op.open(ProcessingTimeWindowTests().context(clock))
        let output = RecordingOutput()
        try op.process(ProcessingTimeWindowTests().batch([1, 2]), input: 0, output: output)  // at 1000: [1000, 2000)
        #expect(op.nextProcessingTime == 1_200)                 // firings align to multiples of the interval
        clock.advance(by: 200)
        try op.onProcessingTime(clock.now(), output: output)
        #expect(recorder.fired.map(\.values) == [[1, 2]])
        try op.process(ProcessingTimeWindowTests().batch([3]), input: 0, output: output)
        clock.advance(by: 799)                                  // 1999: firings at 1500, 1800 and the window's end
        try op.onProcessingTime(clock.now(), output: output)
        #expect(recorder.fired.map(\.values) == [[1, 2], [1, 2, 3], [1, 2, 3], [1, 2, 3]])
        #expect(op.nextProcessingTime == nil)                   // the window was dropped at its end
    }

    @Test func globalWindowsKeepEverythingUntilTheirTriggerFires() throws {
        let recorder = WindowRecorder()
        let op = Operators.triggeredWindows(.global, trigger: .purging(.count(2)), recorder)
        let output = RecordingOutput()
        try op.process(ProcessingTimeWindowTests().batch([1, 2, 3]), input: 0, output: output)
        try op.processWatermark(Int64.max, output: output)
        #expect(recorder.fired.map(\.values) == [[1, 2]])
        #expect(recorder.fired.map(\.start) == [Int64.min])
    }
}
