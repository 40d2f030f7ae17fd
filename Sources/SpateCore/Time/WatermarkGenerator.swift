/// Assigns event time's progress after a timestamp assigner: tracks the largest timestamp seen and,
/// every `intervalMillis` of processing time, emits `max - outOfOrderness - 1` (Flink's
/// `BoundedOutOfOrdernessWatermarks`; monotonous timestamps are the bound 0). Emitting per batch
/// instead would drop elements Flink keeps, so the interval matters. The interval is a processing-time
/// timer, as Flink's: a watermark still owed when records stop comes at the next tick, so an endless
/// source that goes quiet does not hold its last windows back. With an idle timeout
/// (`with_idleness`), a generator that sees no records for that long says its stream is idle, so
/// downstream event time does not wait for it; its next records make it active again.
final class WatermarkGeneratorOperator: ProcessingTimeOperator {
    let outOfOrderness: Int64?
    let intervalMillis: Int64
    let idleTimeout: Int64?
    private var clock: ProcessingClock = SystemClock()
    private var maxTimestamp = Int64.min
    private var emitted = Int64.min
    private var lastEmission: Int64 = 0
    private var lastRecords: Int64 = 0
    private var idle = false

    /// `outOfOrderness` nil: no watermarks at all (`WatermarkStrategy.no_watermarks()`).
    init(outOfOrderness: Int64?, intervalMillis: Int64, idleTimeout: Int64? = nil) {
        self.outOfOrderness = outOfOrderness
        self.intervalMillis = intervalMillis
        self.idleTimeout = idleTimeout
    }

    func open(_ context: OperatorContext) throws(SpateError) {
        clock = context.clock
        lastEmission = clock.now()
        lastRecords = lastEmission
    }

    var nextProcessingTime: Int64? {
        let tick = owed != nil ? lastEmission &+ intervalMillis : nil
        guard let idleTimeout, !idle else { return tick }
        return Swift.min(tick ?? Int64.max, lastRecords &+ idleTimeout)
    }

    func onProcessingTime(_ now: Int64, output: Collector) throws(SpateError) {
        if owed != nil && now &- lastEmission >= intervalMillis {
            lastEmission = now
            try emitCurrent(output)
        }
        guard let idleTimeout, !idle, now &- lastRecords >= idleTimeout else { return }
        idle = true
        try output.emitIdle()
    }

    /// The watermark the records seen so far allow, when it is ahead of the last one emitted.
    private var owed: Int64? {
        guard let outOfOrderness, maxTimestamp != Int64.min else { return nil }
        let watermark = maxTimestamp &- outOfOrderness &- 1
        return watermark > emitted ? watermark : nil
    }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        if idleTimeout != nil {
            lastRecords = clock.now()
            if idle {
                // Active again: its current watermark (below the new records) tells downstream so.
                idle = false
                if emitted != Int64.min { try output.emitWatermark(emitted) }
            }
        }
        if let timestamps = batch.timestamps {
            let values = timestamps.values
            for row in 0..<timestamps.count where values[row] > maxTimestamp { maxTimestamp = values[row] }
        }
        try output.emit(batch)
        let now = clock.now()
        if now - lastEmission >= intervalMillis {
            lastEmission = now
            try emitCurrent(output)
        }
    }

    /// Upstream watermarks are replaced by this generator's own, except the end of input.
    func processWatermark(_ watermark: Int64, output: Collector) throws(SpateError) {
        if watermark == Int64.max { try output.emitWatermark(watermark) }
    }

    private func emitCurrent(_ output: Collector) throws(SpateError) {
        guard let watermark = owed else { return }
        emitted = watermark
        try output.emitWatermark(watermark)
    }
}
