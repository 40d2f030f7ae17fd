import Testing
@testable import SpateCore

@Suite struct TimerServiceTests {
    typealias Timer = TimerService.Timer

    @Test func aTimerIsRegisteredOncePerKeyNamespaceAndTime() {
        var timers = TimerService()
        timers.register(.eventTime, key: 1, at: 10)
        timers.register(.eventTime, key: 1, at: 10)
        timers.register(.eventTime, key: 1, namespace: 5, at: 10)  // another window of the key
        timers.register(.processingTime, key: 1, at: 10)           // another domain
        #expect(timers.timers(in: .eventTime) == [Timer(timestamp: 10, key: 1), Timer(timestamp: 10, key: 1, namespace: 5)])
        #expect(timers.timers(in: .processingTime) == [Timer(timestamp: 10, key: 1)])
    }

    @Test func timersFireInTimestampOrderThenKeyAndNamespace() {
        var timers = TimerService()
        for (key, time) in [(3, 30), (1, 20), (2, 20), (1, 10)] as [(Int64, Int64)] {
            timers.register(.eventTime, key: key, at: time)
        }
        #expect(timers.nextTime(.eventTime) == 10)
        #expect(timers.takeEarliest(.eventTime, dueAt: 25) == [Timer(timestamp: 10, key: 1)])
        #expect(timers.takeEarliest(.eventTime, dueAt: 25) == [Timer(timestamp: 20, key: 1), Timer(timestamp: 20, key: 2)])
        #expect(timers.takeEarliest(.eventTime, dueAt: 25) == [])  // 30 is not due
        #expect(timers.takeNext(.eventTime, dueAt: 30) == Timer(timestamp: 30, key: 3))
        #expect(timers.isEmpty)
    }

    @Test func deletedTimersNeverFire() {
        var timers = TimerService()
        timers.register(.processingTime, key: 4, at: 5)
        timers.register(.processingTime, key: 4, at: 6)
        timers.delete(.processingTime, key: 4, at: 5)
        timers.delete(.processingTime, key: 9, at: 5)  // never registered: nothing happens
        #expect(timers.nextTime(.processingTime) == 6)
        #expect(timers.takeNext(.processingTime, dueAt: 100) == Timer(timestamp: 6, key: 4))
        #expect(timers.takeNext(.processingTime, dueAt: 100) == nil)
    }

    @Test func hostChangesApplyInOrder() {
        var timers = TimerService()
        timers.apply([TimerChange(slot: 2, timestamp: 7, register: true),
                      TimerChange(slot: 2, timestamp: 7, register: false),
                      TimerChange(slot: 2, timestamp: 8, register: true, domain: .processingTime)])
        #expect(timers.timers(in: .eventTime).isEmpty)
        #expect(timers.timers(in: .processingTime) == [Timer(timestamp: 8, key: 2)])
    }

    @Test func aRebuiltServiceHoldsTheSameTimersAndFiresThemAlike() {
        var timers = TimerService()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let domain: TimeDomain = Bool.random(using: &generator) ? .eventTime : .processingTime
            timers.register(domain, key: .random(in: 0..<20, using: &generator), namespace: .random(in: 0..<3, using: &generator),
                            at: .random(in: 0..<100, using: &generator))
        }
        for _ in 0..<100 {
            timers.delete(.eventTime, key: .random(in: 0..<20, using: &generator), at: .random(in: 0..<100, using: &generator))
        }
        var rebuilt = TimerService(restoring: timers.allTimers)
        #expect(rebuilt.timers(in: .eventTime) == timers.timers(in: .eventTime))
        #expect(rebuilt.timers(in: .processingTime) == timers.timers(in: .processingTime))
        for domain in [TimeDomain.eventTime, .processingTime] {
            var fired: [Timer] = [], firedAgain: [Timer] = []
            while let next = timers.takeNext(domain, dueAt: 60) { fired.append(next) }
            while let next = rebuilt.takeNext(domain, dueAt: 60) { firedAgain.append(next) }
            #expect(fired == firedAgain)
            #expect(fired == fired.sorted())
        }
    }
}
