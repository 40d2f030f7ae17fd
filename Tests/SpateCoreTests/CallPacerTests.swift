#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
@testable import SpateCore

@Suite struct CallPacerTests {
    @Test func anUnmeasuredFunctionGetsAOneRowProbeThenSlicesGrowAtMostFourfold() {
        var pacer = CallPacer(timeoutMillis: 100)
        #expect(pacer.nextSlice(remaining: 5) == 1)  // a slow function holds no more than one row
        #expect(pacer.nextSlice(remaining: 4096) == 1)
        pacer.record(rows: 1, nanos: 10)  // cheap: the budget would allow millions of rows
        #expect(pacer.nextSlice(remaining: 4096) == 4)
        pacer.record(rows: 4, nanos: 40)
        #expect(pacer.nextSlice(remaining: 4096) == 16)
        pacer.record(rows: 16, nanos: 160)
        #expect(pacer.nextSlice(remaining: 4096) == 64)
    }

    @Test func theBundleSizeBoundsEverySlice() {
        var pacer = CallPacer(timeoutMillis: 100, bundleSize: 100)
        pacer.record(rows: 4096, nanos: 4096)  // fast: whole batches, but for the bundle size
        #expect(pacer.nextSlice(remaining: 4096) == 100)
        #expect(CallPacer(timeoutMillis: -1, bundleSize: 3).nextSlice(remaining: 10) == 3)
    }

    @Test func theBundleTimeBoundsSlicesLikeATimeout() {
        // Without a buffer timeout the bundle time is the budget; with one, the smaller wins.
        var pacer = CallPacer(timeoutMillis: -1, bundleTimeMillis: 10)
        pacer.record(rows: 1, nanos: 5_000_000)  // 5 ms a row
        #expect(pacer.nextSlice(remaining: 4096) == 2)
        var tighter = CallPacer(timeoutMillis: 100, bundleTimeMillis: 10)
        tighter.record(rows: 1, nanos: 1_000_000)
        #expect(tighter.nextSlice(remaining: 4096) == 4)  // 10 fit, but growth is at most fourfold
        tighter.record(rows: 4, nanos: 4_000_000)
        #expect(tighter.nextSlice(remaining: 4096) == 10)
    }

    /// A 30 ms-a-row function (12 rows on each of two subtasks) before a keyed exchange: its first
    /// result reaches the next operator after about one row, not after a probe of 16 rows (the whole
    /// 360 ms batch), and the results arrive spread out as they are made (each slice took the whole
    /// budget, so the writer sends it on rather than wait for a batch's worth).
    @Test func aSlowFunctionsFirstResultsMoveOnAfterOneRow() throws {
        let env = StreamEnvironment(parallelism: 2)
        env.graph.bufferTimeoutMillis = 10
        let arrivals = Mutex<[Int64]>([])
        let started = monotonicMillis()
        _ = try env.sequence(from: 1, to: 24)
            .transform("Slow") { batch in
                for _ in 0..<batch.count { usleep(30_000) }
                return RecordBatch(values: batch.values)
            }
            .keyBy(.int64) { $0 }
            .transform("Arrivals") { batch in
                arrivals.withLock { $0 += Array(repeating: monotonicMillis() - started, count: batch.count) }
                return batch
            }
            .collect()
        try env.execute()
        let seen = arrivals.withLock { $0 }
        #expect(seen.count == 24)
        #expect(seen.min()! < 200)
        #expect(seen.max()! - seen.min()! >= 200)
    }

    @Test func aFastFunctionGetsWholeBatches() {
        var pacer = CallPacer(timeoutMillis: 100)
        pacer.record(rows: 4096, nanos: 400_000)  // 100 ns a row
        #expect(pacer.nextSlice(remaining: 4096) == 4096)
        #expect(pacer.nextSlice(remaining: 3) == 3)
    }

    @Test func aSlowFunctionGetsWhatFitsTheTimeout() {
        var pacer = CallPacer(timeoutMillis: 100)
        pacer.record(rows: 4096, nanos: 4096 * 10_000_000)  // 10 ms a row
        #expect(pacer.nextSlice(remaining: 4096) == 10)
        // Turning slower is believed at once; faster only by halves.
        pacer.record(rows: 10, nanos: 10 * 50_000_000)
        #expect(pacer.nextSlice(remaining: 4096) == 2)
        pacer.record(rows: 2, nanos: 0)
        #expect(pacer.nextSlice(remaining: 4096) == 4)
    }

    @Test func withoutATimeoutEveryBatchGoesWhole() {
        var pacer = CallPacer(timeoutMillis: -1)
        #expect(pacer.nextSlice(remaining: 4096) == 4096)
        pacer.record(rows: 4096, nanos: Int64(4096) * 1_000_000_000)
        #expect(pacer.nextSlice(remaining: 4096) == 4096)
    }

    /// A 1 ms-per-row function over one 120-row batch: after the probe, downstream sees slices of
    /// at most timeout / 1 ms rows as they are done, in order; with timeout -1, one batch.
    @Test(arguments: [Int64(10), -1])
    func aSlowFunctionsOutputMovesOnWithinTheBufferTimeout(timeout: Int64) throws {
        let env = StreamEnvironment(parallelism: 1)
        env.graph.bufferTimeoutMillis = timeout
        let sizes = Mutex<[Int]>([])
        let out = try env.sequence(from: 1, to: 120)
            .transform("Slow") { batch in
                for _ in 0..<batch.count { usleep(1000) }
                return RecordBatch(values: batch.values)
            }
            .transform("Sizes") { batch in
                sizes.withLock { $0.append(batch.count) }
                return batch
            }
            .collect()
        try env.execute()
        #expect(out.int64Values == (1...120).map { Int64($0) })
        let seen = sizes.withLock { $0 }
        if timeout < 0 {
            #expect(seen == [120])
        } else {
            #expect(seen.first == CallPacer.probeRows)
            #expect(seen.count > 5)
            #expect(seen.dropFirst().allSatisfy { $0 <= 10 })
        }
    }

    @Test func anOperatorsOwnTimeoutTakesThePlaceOfTheJobs() throws {
        let env = StreamEnvironment(parallelism: 1)
        env.graph.bufferTimeoutMillis = -1
        let sizes = Shared<[Int]>([])
        let slow = try env.sequence(from: 1, to: 60).transform("Slow") { batch in
            for _ in 0..<batch.count { usleep(1000) }
            return RecordBatch(values: batch.values)
        }
        try env.graph.setBufferTimeout(of: slow.node, to: 10)
        _ = try slow.transform("Sizes") { batch in
            sizes.withLock { $0.append(batch.count) }
            return batch
        }.collect()
        try env.execute()
        #expect(sizes.withLock { $0.count } > 3)
        #expect(throws: SpateError.self) { try env.graph.setBufferTimeout(of: slow.node, to: -2) }
    }
}
