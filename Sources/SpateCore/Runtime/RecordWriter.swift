/// Sends one operator subtask's output over one edge to the downstream subtasks' inboxes,
/// partitioning batches as the edge says.
final class RecordWriter: Collector {
    private let targets: [Channel<Message>]
    private let partitioning: Partitioning
    private let input: Int
    private let maxParallelism: Int
    private let subtaskIndex: Int
    /// Rebalance and rescale: the target of the next record (Flink's partitioners deal records,
    /// not batches, round-robin; rebalance starts at a random channel, rescale at its group's first).
    private var nextTarget: Int
    /// Reused by hash partitioning: each row's target, then the rows grouped by target.
    private var scratch = Buffer<Int32>()
    /// Hash partitioning: the target of each key group (a lookup, not a division per row).
    private lazy var targetOfKeyGroup: [Int32] = (0..<maxParallelism).map {
        Int32(KeyGroups.subtask(keyGroup: Int32($0), parallelism: targets.count, maxParallelism: maxParallelism))
    }
    /// Hash partitioning of batches of fixed-width columns: rows go straight into each target's next batch.
    private lazy var scatter = KeyGroupScatter(parallelism: targets.count, maxParallelism: maxParallelism, batchSize: batchSize)
    /// The global channel index this writer's messages arrive on, at every target.
    let channelIndex: Int

    let upstreamParallelism: Int

    /// The side output this writer carries (nil: the main output; -1: one nothing produces).
    let side: Int?

    /// Partitioning splits each batch over the targets. Parts smaller than a batch wait here, in
    /// order, until a batch's worth has gathered for their target, the buffer timeout has passed,
    /// or the subtask is about to wait for input (`flush`): fewer, fuller messages under load,
    /// and no record held while the subtask is idle.
    private var pending: [[Message]]
    private var pendingRows: [Int]
    /// Targets sent records without a wake-up since the last flush.
    private var unwoken: [Bool]
    private var pendingSince: Int64?
    private let batchSize: Int
    /// -1: parts wait until a batch's worth gathers or the subtask waits; 0: no part waits.
    private let bufferTimeoutMillis: Int64

    init(side: Int? = nil, targets: [Channel<Message>], partitioning: Partitioning, input: Int, maxParallelism: Int,
         subtaskIndex: Int, channelIndex: Int, upstreamParallelism: Int = 1, batchSize: Int = 4096,
         bufferTimeoutMillis: Int64 = 100) {
        self.pending = Array(repeating: [], count: targets.count)
        self.pendingRows = Array(repeating: 0, count: targets.count)
        self.unwoken = Array(repeating: false, count: targets.count)
        self.batchSize = batchSize
        self.bufferTimeoutMillis = bufferTimeoutMillis
        self.side = side
        self.upstreamParallelism = upstreamParallelism
        self.targets = targets
        self.partitioning = partitioning
        self.input = input
        self.maxParallelism = maxParallelism
        self.subtaskIndex = subtaskIndex
        self.nextTarget = partitioning == .rebalance ? Int.random(in: 0..<targets.count) : 0
        self.channelIndex = channelIndex
    }

    func emit(_ batch: RecordBatch) throws(SpateError) {
        if let side {
            guard let sideBatch = batch.sideOutputs[side] else { return }
            return try emitSelected(sideBatch)
        }
        try emitSelected(batch)
    }

    private func emitSelected(_ batch: RecordBatch) throws(SpateError) {
        guard batch.count > 0 else { return }
        switch partitioning {
        case .forward, .strictForward:
            try send(.records(batch, input: input, channel: channelIndex), to: subtaskIndex % targets.count)
        case .rebalance:
            try emitRoundRobin(batch, over: 0..<targets.count)
        case .shuffle:
            try emitByRow(batch) { _ in Int32.random(in: 0..<Int32(targets.count)) }
        case .rescale:
            // Flink's rescale: each upstream subtask feeds its own contiguous group of targets.
            try emitRoundRobin(batch, over: rescaleGroup)
        case .broadcast:
            for target in targets.indices {
                try send(.records(target == targets.count - 1 ? batch : batch.copy(), input: input, channel: channelIndex), to: target)
            }
        case .hash:
            try emitByKeyGroup(batch)
        case .custom:
            try emitByChosenChannel(batch)
        }
    }

    /// Deals the batch's records one by one over `group`, continuing where the last batch stopped.
    private func emitRoundRobin(_ batch: RecordBatch, over group: Range<Int>) throws(SpateError) {
        let first = nextTarget % group.count
        nextTarget = (first + batch.count) % group.count
        if group.count == 1 { return try send(.records(batch, input: input, channel: channelIndex), to: group.lowerBound) }
        let base = Int32(group.lowerBound), width = group.count
        try emitByRow(batch) { row in base + Int32((first + row) % width) }
    }

    /// Sends each record of `batch` to the target `targetOf(row)` names.
    private func emitByRow(_ batch: RecordBatch, _ targetOf: (Int) throws(SpateError) -> Int32) throws(SpateError) {
        let count = batch.count
        let targetOfRow = prepareTargets(count: count)
        var starts = [Int](repeating: 0, count: targets.count + 1)
        for row in 0..<count {
            let target = try targetOf(row)
            targetOfRow[row] = target
            starts[Int(target) + 1] += 1
        }
        try sendGrouped(batch, targetOfRow: targetOfRow, counts: &starts)
    }

    /// The downstream subtasks this subtask feeds under `rescale`.
    private var rescaleGroup: Range<Int> {
        let downstream = targets.count
        let upstream = max(upstreamParallelism, 1)
        if downstream >= upstream {
            let start = subtaskIndex * downstream / upstream
            let end = max((subtaskIndex + 1) * downstream / upstream, start + 1)
            return start..<end
        }
        let target = subtaskIndex * downstream / upstream
        return target..<(target + 1)
    }

    private func emitByKeyGroup(_ batch: RecordBatch) throws(SpateError) {
        guard let keys = batch.keys else {
            throw SpateError(.runtime, "a hash-partitioned stream lost its keys")
        }
        if targets.count == 1 {
            try send(.records(batch, input: input, channel: channelIndex), to: 0)
            return
        }
        let (scatterable, fitsOpenParts) = scatter.accepts(batch)
        if !fitsOpenParts { closeOpenParts() }  // what waits there goes first
        if scatterable {
            try scatter.scatter(batch) { (target, part) throws(SpateError) in try sendPart(part, to: target) }
            if pendingSince == nil && scatter.hasOpenRows { pendingSince = monotonicMillis() }
            return try bufferTimeoutMillis == 0 ? flush() : flushIfTimedOut()
        }
        let count = batch.count
        // Each row's key group, then, in place, the target that owns it (counted as it is found).
        let targetOfRow = prepareTargets(count: count)
        try KeyGroups.assign(keys, maxParallelism: maxParallelism, into: targetOfRow)
        var starts = [Int](repeating: 0, count: targets.count + 1)
        targetOfKeyGroup.withUnsafeBufferPointer { table in
            starts.withUnsafeMutableBufferPointer { starts in
                for row in 0..<count {
                    let target = table[Int(targetOfRow[row])]
                    targetOfRow[row] = target
                    starts[Int(target) + 1] += 1
                }
            }
        }
        try sendGrouped(batch, targetOfRow: targetOfRow, counts: &starts)
    }

    /// `partition_custom`: the key column holds each row's downstream subtask, as the user's
    /// partitioner chose it.
    private func emitByChosenChannel(_ batch: RecordBatch) throws(SpateError) {
        guard let chosen = batch.keys as? PrimitiveColumn<Int32> else {
            throw SpateError(.runtime, "a custom-partitioned stream lost its partition numbers")
        }
        let parallelism = targets.count
        try emitByRow(RecordBatch(values: batch.values, timestamps: batch.timestamps, rowKinds: batch.rowKinds)) { row throws(SpateError) in
            let target = chosen[row]
            guard target >= 0 && Int(target) < parallelism else {
                throw SpateError(.invalidArgument, "partition_custom: the partitioner returned \(target), "
                                 + "not a partition in 0..<\(parallelism) (the next operator's parallelism)")
            }
            return target
        }
    }

    /// Scratch room for a target per row and, after it, the rows grouped by target.
    private func prepareTargets(count: Int) -> UnsafeMutablePointer<Int32> {
        scratch.removeAll()
        scratch.reserve(2 * count)  // both halves, without a reallocation between them
        return scratch.extend(by: count)
    }

    /// Sends each target its rows of `batch`, `targetOfRow` saying whose each row is: `counts[t + 1]`
    /// holds how many rows go to target t (the callers count as they choose).
    private func sendGrouped(_ batch: RecordBatch, targetOfRow: UnsafeMutablePointer<Int32>,
                             counts starts: inout [Int]) throws(SpateError) {
        let parallelism = targets.count
        let count = batch.count
        // Lay each target's row indices out contiguously: `starts[t]..<starts[t + 1]` are target t's.
        for target in 0..<parallelism { starts[target + 1] += starts[target] }
        let rows = scratch.extend(by: count)
        var fill = starts
        fill.withUnsafeMutableBufferPointer { fill in
            for row in 0..<count {
                let target = Int(targetOfRow[row])
                rows[fill[target]] = Int32(row)
                fill[target] += 1
            }
        }
        let all = UnsafeBufferPointer(start: rows, count: count)
        for target in 0..<parallelism where starts[target + 1] > starts[target] {
            let part: RecordBatch
            if starts[target + 1] - starts[target] == batch.count {
                part = batch
            } else {
                let rows = UnsafeBufferPointer(rebasing: all[starts[target]..<starts[target + 1]])
                part = batch.gather(rows, move: true)
            }
            try sendPart(part, to: target)
        }
        try flushIfTimedOut()
    }

    /// Sends what waits once the oldest waiting part has waited the buffer timeout.
    private func flushIfTimedOut() throws(SpateError) {
        if let since = pendingSince, bufferTimeoutMillis >= 0, monotonicMillis() - since >= bufferTimeoutMillis {
            try flush()
        }
    }

    /// Hash partitioning's open parts (`KeyGroupScatter`) join the waiting parts, closed.
    private func closeOpenParts() {
        for target in targets.indices {
            guard let part = scatter.take(target) else { continue }
            pending[target].append(.records(part, input: input, channel: channelIndex))
            pendingRows[target] += part.count
        }
    }

    /// Sends `part` now, or keeps it with the target's waiting parts. A batch's worth goes without
    /// waking the target (`Channel.send(_:wake:)`), which `flush` then owes it.
    private func sendPart(_ part: RecordBatch, to target: Int) throws(SpateError) {
        let message = Message.records(part, input: input, channel: channelIndex)
        if bufferTimeoutMillis == 0 { return try send(message, to: target) }
        if pending[target].isEmpty && part.count >= batchSize {
            try send(message, to: target, wake: false)
        } else {
            pending[target].append(message)
            pendingRows[target] += part.count
            if pendingRows[target] >= batchSize { try flush(target, wake: false) }
        }
        if pendingSince == nil { pendingSince = monotonicMillis() }
    }

    /// Sends every waiting part and wakes the targets sent to without a wake-up (the subtask
    /// calls this before it waits for input).
    func flush() throws(SpateError) {
        guard pendingSince != nil else { return }
        closeOpenParts()
        for target in targets.indices where !pending[target].isEmpty || unwoken[target] { try flush(target, wake: true) }
        pendingSince = nil
    }

    private func flush(_ target: Int, wake: Bool) throws(SpateError) {
        if pending[target].isEmpty {
            if wake && unwoken[target] { targets[target].wake() }
        } else {
            let group = pending[target]
            pending[target].removeAll(keepingCapacity: true)
            pendingRows[target] = 0
            guard targets[target].send(contentsOf: group, wake: wake) else { throw SpateError(.cancelled, "the job was cancelled") }
        }
        unwoken[target] = !wake
    }

    deinit { scratch.free() }

    func emitWatermark(_ watermark: Int64) throws(SpateError) {
        try broadcast(.watermark(watermark, channel: channelIndex))
    }

    func emitIdle() throws(SpateError) {
        try broadcast(.idle(channel: channelIndex))
    }

    func emitBarrier(_ checkpointID: Int64) throws(SpateError) {
        try broadcast(.barrier(checkpointID: checkpointID, channel: channelIndex))
    }

    func broadcast(_ message: Message) throws(SpateError) {
        try flush()  // what came before the message goes first
        for target in targets.indices { try send(message, to: target) }
    }

    private func send(_ message: Message, to target: Int, wake: Bool = true) throws(SpateError) {
        guard targets[target].send(message, wake: wake) else { throw SpateError(.cancelled, "the job was cancelled") }
        if !wake { unwoken[target] = true }
    }
}

/// Feeds a chained operator directly, on the same thread.
final class ChainedCollector: Collector {
    let op: StreamOperator
    let node: Int
    let next: Collector

    init(_ op: StreamOperator, node: Int, next: Collector) {
        self.op = op
        self.node = node
        self.next = next
    }

    func emit(_ batch: RecordBatch) throws(SpateError) {
        guard batch.count > 0 else { return }  // side outputs only: a chained operator reads the main output
        do {
            try op.process(batch, input: 0, output: next)
        } catch {
            throw tagged(error)
        }
    }

    func emitWatermark(_ watermark: Int64) throws(SpateError) {
        do {
            try op.processWatermark(watermark, output: next)
        } catch {
            throw tagged(error)
        }
    }

    func emitIdle() throws(SpateError) {
        do {
            try op.processIdle(output: next)
        } catch {
            throw tagged(error)
        }
    }

    func emitBarrier(_ checkpointID: Int64) throws(SpateError) {
        do {
            try op.processBarrier(checkpointID, output: next)
        } catch {
            throw tagged(error)
        }
    }

    func flush() throws(SpateError) { try next.flush() }

    private func tagged(_ error: SpateError) -> SpateError {
        var error = error
        if error.node == nil { error.node = node }
        return error
    }
}

/// Sends a chain's output to every consumer; each consumer after the first gets its own copy.
final class FanOutCollector: Collector {
    let writers: [Collector]
    init(_ writers: [Collector]) { self.writers = writers }

    func emit(_ batch: RecordBatch) throws(SpateError) {
        for (index, writer) in writers.enumerated() {
            if index == writers.count - 1 {
                try writer.emit(batch)
            } else {
                let copy = batch.copy()
                copy.sideOutputs = batch.sideOutputs.mapValues { $0.copy() }
                try writer.emit(copy)
            }
        }
    }

    func emitWatermark(_ watermark: Int64) throws(SpateError) {
        for writer in writers { try writer.emitWatermark(watermark) }
    }

    func emitIdle() throws(SpateError) {
        for writer in writers { try writer.emitIdle() }
    }

    func emitBarrier(_ checkpointID: Int64) throws(SpateError) {
        for writer in writers { try writer.emitBarrier(checkpointID) }
    }

    func flush() throws(SpateError) {
        for writer in writers { try writer.flush() }
    }
}
