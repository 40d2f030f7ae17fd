import Testing
@testable import SpateCore

@Suite struct KeyedProcessAPITests {
    @Test(arguments: [1, 2])
    func closuresKeepStatePerKeyAndFireEventTimeTimersAtTheEnd(parallelism: Int) throws {
        let env = StreamEnvironment(parallelism: parallelism)
        let out = try env.sequence(from: 0, to: 999)
            .assignTimestamps { $0 }
            .keyBy(.int64) { $0 % 10 }
            .process(onElement: { _, context in
                context.state = (context.state ?? 0) + 1
                context.registerEventTimeTimer(5_000)   // the same timer for every element: once per key
            }, onTimer: { time, domain, context in
                #expect(time == 5_000 && domain == .eventTime)
                context.emit(context.key * 1_000 + (context.state ?? 0))
            })
            .collect()
        try env.execute()
        #expect(out.int64Values.sorted() == (0..<10).map { $0 * 1_000 + 100 })
    }

    @Test func processingTimeTimersFollowTheJobClock() throws {
        let env = StreamEnvironment(parallelism: 1)
        env.graph.clock = TickingClock(start: 0, step: 10_000)   // every reading is 10 s later
        env.graph.bufferTimeoutMillis = -1  // one call for the batch: clock readings per call don't vary
        let out = try env.sequence(from: 0, to: 9)
            .keyBy(.int64) { $0 % 2 }
            .process(onElement: { value, context in
                context.state = value
                context.registerProcessingTimeTimer(1)          // long due: fires at the next reading
            }, onTimer: { _, domain, context in
                #expect(domain == .processingTime)
                context.emit(context.state ?? -1)
            })
            .collect()
        try env.execute()
        #expect(Set(out.int64Values).isSubset(of: Set(0...9)))
        #expect(out.int64Values.count == 2)                     // one timer per key, deduplicated
    }

    @Test func stateAndTimersNeedAKeyedStream() throws {
        let env = StreamEnvironment(parallelism: 1)
        #expect(throws: SpateError.self) {
            _ = try env.sequence(from: 0, to: 9).process(onElement: { _, _ in })
        }
    }

    @Test func windowsCountTheirElements() throws {
        let env = StreamEnvironment(parallelism: 2)
        let out = try env.sequence(from: 0, to: 9_999)
            .assignTimestamps { $0 }
            .keyBy(.int64) { $0 % 10 }
            .window(.tumbling(size: 1_000, offset: 0), .count)
            .collect()
        try env.execute()
        #expect(out.int64Values == Array(repeating: 100, count: 100))  // 10 keys x 10 windows of 100
        let keyedCount = StreamEnvironment(parallelism: 1)
        // count is for windows: the plan refuses it when the node is added.
        #expect(throws: SpateError.self) { _ = try keyedCount.sequence(from: 0, to: 9).keyBy(.int64) { $0 }.aggregate(.count) }
    }
}
