import Testing
@testable import SpateCore

@Suite struct KeyGroupTests {
    @Test func keyGroupsAreStableAndInRange() throws {
        let keys = PrimitiveColumn<Int64>(type: .int64)
        for key in 0..<1000 { keys.append(Int64(key)) }
        let first = try KeyGroups.assign(keys, maxParallelism: 128)
        let second = try KeyGroups.assign(keys, maxParallelism: 128)
        for row in 0..<1000 {
            #expect(first[row] == second[row])
            #expect((0..<128).contains(Int(first[row])))
        }
        // Every key group is used by some of 1000 keys (the hash spreads).
        #expect(Set((0..<1000).map { first[$0] }).count > 120)
    }

    @Test func keyGroupRangesMapToSubtasksAsFlink() {
        #expect(KeyGroups.subtask(keyGroup: 0, parallelism: 2, maxParallelism: 128) == 0)
        #expect(KeyGroups.subtask(keyGroup: 63, parallelism: 2, maxParallelism: 128) == 0)
        #expect(KeyGroups.subtask(keyGroup: 64, parallelism: 2, maxParallelism: 128) == 1)
        #expect(KeyGroups.subtask(keyGroup: 127, parallelism: 3, maxParallelism: 128) == 2)
    }

    @Test func defaultMaxParallelismFollowsFlink() {
        let graph = StreamGraph()
        graph.defaultParallelism = 1
        #expect(graph.effectiveMaxParallelism == 128)
        graph.defaultParallelism = 100
        #expect(graph.effectiveMaxParallelism == 256)
    }
}
