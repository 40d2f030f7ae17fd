import Testing
@testable import SpateCore

@Suite struct MetricsTests {
    private func run(_ env: StreamEnvironment) throws -> MetricsSnapshot {
        let job = try Job.start(env.graph)
        try job.waitUntilFinished()
        return job.metrics
    }

    private func total(_ snapshot: MetricsSnapshot, node: Int, _ value: (MetricsSnapshot.Operator) -> Int64) -> Int64 {
        snapshot.operators.filter { $0.node == node }.map(value).reduce(0, +)
    }

    @Test(arguments: [1, 2])
    func recordsInAndOutAreCountedPerOperatorAndSubtask(parallelism: Int) throws {
        let env = StreamEnvironment(parallelism: parallelism)
        let sink = try env.sequence(from: 1, to: 10_000).map { $0 * 2 }.keyBy(.int64) { $0 % 7 }.sum().discard()
        let snapshot = try run(env)
        #expect(sink.value == 10_000)
        let nodes = Set(snapshot.operators.map(\.node)).sorted()
        #expect(snapshot.operators.count == nodes.count * parallelism)
        let source = nodes[0]
        #expect(total(snapshot, node: source) { $0.recordsOut } == 10_000)
        #expect(total(snapshot, node: source) { $0.recordsIn } == 0)
        // Every operator after the source takes in what the one before gave out.
        let ordered = nodes.map { node in (total(snapshot, node: node) { $0.recordsIn }, total(snapshot, node: node) { $0.recordsOut }) }
        for position in 1..<ordered.count { #expect(ordered[position].0 == ordered[position - 1].1) }
        let last = snapshot.operators.filter { $0.node == nodes.last! }
        #expect(last.allSatisfy { $0.inputWatermark == Int64.max })  // a bounded source ends with the maximum watermark
        #expect(snapshot.operators.allSatisfy { $0.subtask < parallelism && $0.busyNanos >= 0 && $0.idleNanos >= 0 })
        #expect(snapshot.completedCheckpoints == 0 && snapshot.failedCheckpoints == 0)
    }

    @Test func aSlowConsumerBackPressuresItsProducer() throws {
        let env = StreamEnvironment(parallelism: 1)
        env.graph.batchSize = 16
        _ = try env.sequence(from: 1, to: 4_000).keyBy(.int64) { $0 % 3 }
            .map { value in
                var spin = value  // a consumer slower than its source
                for step in 0..<5_000 { spin = spin &* 31 &+ Int64(step) }
                return spin == 42 ? 0 : value
            }
            .discard()
        let snapshot = try run(env)
        let heads = Dictionary(grouping: snapshot.operators, by: \.chainHead)
        #expect(heads.count == 2)
        let producer = snapshot.operators.first { $0.node == 0 }!
        let consumer = snapshot.operators.first { $0.chainHead != producer.chainHead }!
        #expect(producer.backPressuredNanos > 0)
        #expect(consumer.busyNanos > 0)
        #expect(consumer.recordsIn == 4_000)
    }
}
