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

    /// The fast paths (eight lanes at once for powers of two, a multiply for the rest) give what the
    /// plain definition gives, for every kind of key and count of key groups.
    @Test(arguments: [1, 2, 3, 7, 128, 1000, 4096, 32768])
    func fastKeyGroupsEqualTheDefinition(maxParallelism: Int) throws {
        var generator = SystemRandomNumberGenerator()
        var values: [Int64] = [0, 1, -1, Int64.min, Int64.max, Int64(Int32.max), Int64(Int32.min) - 1]
        for _ in 0..<1_000 { values.append(Int64.random(in: Int64.min...Int64.max, using: &generator)) }
        values.append(contentsOf: (0..<13).map(Int64.init))  // a count that is not a multiple of eight
        let keys = PrimitiveColumn<Int64>(type: .int64)
        for value in values { keys.append(value) }
        let groups = try KeyGroups.assign(keys, maxParallelism: maxParallelism)
        #expect(groups.count == values.count)
        for (row, value) in values.enumerated() {
            #expect(groups[row] == KeyGroups.keyGroup(hash: UInt64(bitPattern: value), maxParallelism: maxParallelism))
        }
        let modulus = KeyGroups.Modulus(maxParallelism)
        for x: UInt32 in [0, 1, UInt32(maxParallelism), UInt32(maxParallelism) &- 1, UInt32.max, UInt32.max - 1, 0x8000_0000] {
            #expect(modulus.remainder(x) == x % UInt32(maxParallelism))
        }
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
