import Testing
@testable import SpateCore

@Suite struct KeyedStressTests {
    /// With one source subtask, each key's records arrive in order, so the outputs are exactly each
    /// key's running sums, whichever of the two aggregate subtasks owns the key.
    @Test func keyedSumOutputsAreExactlyTheRunningSums() throws {
        for _ in 0..<10 {
            let env = StreamEnvironment(parallelism: 2)
            let out = try env.sequence(from: 0, to: 9_999, parallelism: 1).keyBy(.int64) { $0 % 10 }.sum().collect()
            try env.execute()
            var expected: [Int64] = []
            for key in 0..<10 {
                var sum: Int64 = 0
                for value in stride(from: Int64(key), to: 10_000, by: 10) { sum += value; expected.append(sum) }
            }
            let got = out.int64Values.sorted()
            if got != expected.sorted() {
                let missing = Set(expected).subtracting(got).sorted().prefix(5)
                let extra = Set(got).subtracting(expected).sorted().prefix(5)
                Issue.record("mismatch: missing \(missing) extra \(extra)")
                return
            }
        }
    }
}
