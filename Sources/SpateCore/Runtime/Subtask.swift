import DequeModule

/// One parallel instance of a chain, run on its own thread: it reads its inbox (or its source),
/// pushes batches through the chained operators and writes the chain's output downstream.
final class Subtask {
    let job: Job
    let chain: ExecutionPlan.Chain
    let index: Int
    let inbox: Channel<Message>?
    let expectedChannels: Int
    let writers: [RecordWriter]
    let context: (Int) -> OperatorContext
    let batchSize: Int
    /// Its operators' record counts and watermarks, and where its time went.
    let metrics: SubtaskMetrics

    /// This subtask's place among the job's subtasks, for checkpoint acknowledgements.
    var checkpointSlot = 0
    /// The newest checkpoint whose barrier this source subtask sent.
    private var sentBarrier: Int64 = 0

    var name: String { "\(chain.names[0])-\(index)" }
    var headNode: Int { chain.head }

    init(job: Job, chain: ExecutionPlan.Chain, index: Int, inbox: Channel<Message>?, expectedChannels: Int,
         writers: [RecordWriter], context: @escaping (Int) -> OperatorContext, batchSize: Int) {
        self.job = job
        self.chain = chain
        self.index = index
        self.inbox = inbox
        self.expectedChannels = expectedChannels
        self.writers = writers
        self.context = context
        self.batchSize = batchSize
        metrics = SubtaskMetrics(subtask: index, nodes: chain.nodes)
    }

    /// The node currently running, for failure reports.
    private var activeNode: Int = -1

    func run() {
        var source: SourceOperator?
        var operators: [StreamOperator] = []
        metrics.enter()
        defer {
            metrics.leave()
            source?.close()
            // Every operator is closed; the first to fail fails the job, if nothing failed before.
            let firstOperatorNode = source == nil ? 0 : 1
            for (position, op) in operators.enumerated() {
                do throws(SpateError) {
                    try op.close()
                } catch {
                    job.fail(error, node: error.node ?? chain.nodes[position + firstOperatorNode], subtask: index)
                }
            }
            job.checkpoints?.subtaskEnded(slot: checkpointSlot)
            job.subtaskEnded()
        }
        do throws(SpateError) {
            let output: Collector = writers.count == 1 ? writers[0] : FanOutCollector(writers)
            for (position, factory) in chain.factories.enumerated() {
                activeNode = chain.nodes[position]
                switch factory {
                case .source(let make):
                    let made = try make(index)
                    source = made
                    try made.open(context(chain.nodes[position]))
                case .transform(let make):
                    let made = try make(index)
                    operators.append(made)
                    try made.open(context(chain.nodes[position]))
                }
            }
            // into[i] feeds operators[i]; into[operators.count] is the chain's output.
            let firstOperatorNode = source == nil ? 0 : 1
            // Each step counts what its operator takes in and gives out (the head's input is counted by `consume`).
            let counters = metrics.operators
            var into: [Collector] = [CountingCollector(output, producer: counters.last, consumer: nil)]
            for (position, op) in operators.enumerated().reversed() {
                let index = position + firstOperatorNode
                let chained = ChainedCollector(op, node: chain.nodes[index], next: into[0])
                into.insert(index == 0 ? chained
                                : CountingCollector(chained, producer: counters[index - 1], consumer: counters[index]), at: 0)
            }
            let timed = operators.indices.compactMap { position -> (op: ProcessingTimeOperator, node: Int, output: Collector)? in
                guard let op = operators[position] as? ProcessingTimeOperator else { return nil }
                return (op, chain.nodes[position + firstOperatorNode], into[position + 1])
            }
            let timers = ProcessingTimers(operators: timed, clock: context(chain.head).clock)
            if let source {
                activeNode = chain.nodes[0]
                while !job.isCancelled, let batch = try source.next(maxRows: batchSize) {
                    try sendBarriers(into: into[0])
                    try into[0].emit(batch)
                    // A source that gave less than a full batch is not saturated: nothing waits downstream for more.
                    if batch.count < batchSize { try flushOutput() }
                    // Operators chained to a source get their processing-time timers between batches.
                    if !timed.isEmpty { try fireProcessingTimers(timers) }
                    activeNode = chain.nodes[0]
                }
                // A bounded source that ended has no more event time to wait for: every pending
                // event-time window and timer downstream fires.
                if !job.isCancelled { try into[0].emitWatermark(Int64.max) }
            } else if let inbox {
                try consume(inbox, head: operators[0], output: into[1], timers: timers)
            }
            if context(chain.head).runtimeMode == .batch && !job.isCancelled {
                // BATCH mode: processing time does not drive the job; every processing-time timer
                // fires at the end of the input, as Flink's batch timer service does.
                for (op, node, output) in timed {
                    activeNode = node
                    try op.onProcessingTime(Int64.max, output: output)
                }
            }
            if job.isCancelled { return }
            // End of input travels down the chain: each operator flushes into the next.
            for position in operators.indices {
                activeNode = chain.nodes[position + firstOperatorNode]
                try operators[position].endOfInput(output: into[position + 1])
            }
            for writer in writers { try writer.broadcast(.endOfInput(channel: writer.channelIndex)) }
        } catch {
            job.fail(error, node: error.node ?? activeNode, subtask: index)
        }
    }

    /// Sends the parts the writers hold back.
    private func flushOutput() throws(SpateError) {
        for writer in writers { try writer.flush() }
    }

    /// The chain's operators with processing-time timers, and the clock they follow.
    struct ProcessingTimers {
        let operators: [(op: ProcessingTimeOperator, node: Int, output: Collector)]
        let clock: ProcessingClock

        /// When to stop waiting for input (monotonic ms), if an operator has a timer pending.
        func deadline() -> Int64? {
            var earliest: Int64?
            for entry in operators {
                if let time = entry.op.nextProcessingTime, time < earliest ?? Int64.max { earliest = time }
            }
            guard let next = earliest else { return nil }
            let wait = next &- clock.now()
            return monotonicMillis() &+ Swift.max(0, Swift.min(wait, 1_000))  // re-checked at least every second
        }
    }

    /// A source subtask sends the barrier of every checkpoint triggered since it last looked.
    private func sendBarriers(into chain: Collector) throws(SpateError) {
        guard let checkpoints = job.checkpoints else { return }
        let latest = checkpoints.latestTriggered()
        while sentBarrier < latest {
            sentBarrier += 1
            try chain.emitBarrier(sentBarrier)
            checkpoints.acknowledge(sentBarrier, slot: checkpointSlot)
        }
    }

    /// Runs the processing-time timers that are due.
    private func fireProcessingTimers(_ timers: ProcessingTimers) throws(SpateError) {
        guard !timers.operators.isEmpty else { return }
        let now = timers.clock.now()
        for (op, node, output) in timers.operators {
            guard let next = op.nextProcessingTime, next <= now else { continue }
            activeNode = node
            try op.onProcessingTime(now, output: output)
        }
    }

    private func consume(_ inbox: Channel<Message>, head: StreamOperator, output: Collector,
                         timers: ProcessingTimers) throws(SpateError) {
        var ended = 0
        var watermarks = WatermarkTracker(channels: expectedChannels)
        var barriers = BarrierAligner(channels: expectedChannels, aligned: job.checkpoints?.mode != .atLeastOnce)
        var replay = Deque<Message>()  // held back during a checkpoint's alignment, in order
        // Checkpoint `checkpointID` came on every input: the chain passes it on, then what was held back runs.
        func pass(_ checkpointID: Int64?) throws(SpateError) {
            guard let checkpointID else { return }
            activeNode = chain.nodes[0]
            try head.processBarrier(checkpointID, output: output)
            job.checkpoints?.acknowledge(checkpointID, slot: checkpointSlot)
            replay.append(contentsOf: barriers.release())
        }
        while ended < expectedChannels {
            let received: Channel<Message>.Received
            if let message = replay.popFirst() ?? inbox.poll() {
                received = .item(message)
            } else {
                try flushOutput()  // about to wait: what this subtask produced goes on now
                let waitStarted = monotonicNanos()
                received = inbox.receive(until: timers.operators.isEmpty ? nil : timers.deadline())
                metrics.idleNanos.add(monotonicNanos() &- waitStarted, ordering: .relaxed)
            }
            if !timers.operators.isEmpty { try fireProcessingTimers(timers) }
            if case .item(let message) = received, barriers.holdsBack(message.channel) {
                barriers.hold(message)
                continue
            }
            switch received {
            case .item(.records(let batch, let input, _)):
                activeNode = chain.nodes[0]
                metrics.operators[0].recordsIn.add(Int64(batch.count), ordering: .relaxed)
                try head.process(batch, input: input, output: output)
            case .item(.idle(let channel)):
                activeNode = chain.nodes[0]
                if let advanced = watermarks.markIdle(channel: channel) {
                    try head.processWatermark(advanced, output: output)
                }
                if watermarks.allIdle { try head.processIdle(output: output) }
            case .item(.endOfInput(let channel)):
                ended += 1
                try pass(barriers.channelEnded(channel))
            case .item(.watermark(let watermark, let channel)):
                if let advanced = watermarks.update(channel: channel, to: watermark) {
                    activeNode = chain.nodes[0]
                    metrics.operators[0].inputWatermark.store(advanced, ordering: .relaxed)
                    try head.processWatermark(advanced, output: output)
                }
            case .item(.barrier(let checkpointID, let channel)):
                try pass(barriers.barrier(checkpointID, channel: channel))
            case .timedOut:
                break
            case .closed:
                return
            }
        }
    }
}
