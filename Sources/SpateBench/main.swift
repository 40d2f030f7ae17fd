// Native benchmarks of SpateCore, with no Python involved.
//
//   swift run -c release SpateBench j2n [N] [PARALLELISM] [BATCH_SIZE]
//   swift run -c release SpateBench j3n [N] [PARALLELISM] [BATCH_SIZE] [KEYS] [WINDOW_MS]
//
// J2n: N longs from a sequence source, keyed by x % 1000, running sum per key (every update
// emitted), counted by a discarding sink. Prints records per second of job time.
import SpateCore
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
let job = arguments.count > 1 ? arguments[1] : "j2n"
let count = arguments.count > 2 ? Int64(arguments[2]) ?? 20_000_000 : 20_000_000
let parallelism = arguments.count > 3 ? Int(arguments[3]) ?? 1 : 1

guard job == "j2n" || job == "j3n" else {
    print("unknown job \(job); known: j2n, j3n")
    exit(2)
}

let batchSize = arguments.count > 4 ? Int(arguments[4]) ?? 4096 : 4096

let env = StreamEnvironment(parallelism: parallelism)
env.graph.batchSize = batchSize
let started = monotonicMillis()
let counter: RecordCounter
do {
    if job == "j3n" {
        // J3: key i % keys, value i % 97, event time i ms, tumbling windows, sum per key and window.
        let keys = Int64(arguments.count > 5 ? Int(arguments[5]) ?? 1000 : 1000)
        let windowMillis = Int64(arguments.count > 6 ? Int(arguments[6]) ?? 1000 : 1000)
        let sums = try env.sequence(from: 0, to: count - 1)
            .assignTimestamps { $0 }
            .keyBy(.int64) { $0 % keys }
            .mapValues { $0 % 97 }
            .window(.tumbling(size: windowMillis, offset: 0), .sum)
        counter = try sums.discard()
    } else {
        counter = try env.sequence(from: 0, to: count - 1).keyBy(.int64) { $0 % 1000 }.sum().discard()
    }
    try env.execute()
} catch {
    print("J2n failed: \(error)")
    exit(1)
}
let seconds = Double(monotonicMillis() - started) / 1000
let rate = Double(count) / max(seconds, 0.001)
if job == "j3n" {
    print("CHECK \(job) rows=\(counter.value) total=\(counter.sum) parallelism=\(parallelism) seconds=\(seconds) records_per_s=\(Int(rate))")
} else {
    print("CHECK j2n n=\(counter.value) parallelism=\(parallelism) seconds=\(seconds) records_per_s=\(Int(rate))")
}
