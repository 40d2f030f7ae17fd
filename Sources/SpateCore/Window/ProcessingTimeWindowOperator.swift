/// An event-time window operator that can say when its next window fires.
protocol WindowFiringOperator: StreamOperator {
    /// The watermark at which the earliest open window fires, if there is one.
    var nextFiringWatermark: Int64? { get }
    /// The event time window functions are told (`context.current_watermark()`) when it is not the
    /// operator's own firing time: processing-time windows fire on the clock.
    var reportedWatermark: Int64? { get set }
}

/// Processing-time windows (PyFlink's `TumblingProcessingTimeWindows` and kin): an event-time
/// window operator that sees each element's arrival time as its timestamp and the clock as its
/// watermark. A window fires once the clock has passed its last millisecond, so an element that
/// arrives in that millisecond still counts (Flink's `ProcessingTimeTrigger`). Real watermarks pass
/// through untouched; at the end of input, windows not yet due are dropped, as Flink does with
/// pending processing-time timers.
final class ProcessingTimeWindowOperator: ProcessingTimeOperator {
    let windows: WindowFiringOperator
    private var clock: ProcessingClock = SystemClock()

    init(_ windows: WindowFiringOperator) {
        self.windows = windows
        self.windows.reportedWatermark = Int64.min  // no event time yet
    }

    func open(_ context: OperatorContext) throws(SpateError) {
        clock = context.clock
        try windows.open(context)
    }

    func close() throws(SpateError) { try windows.close() }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        let now = clock.now()
        let arrival = PrimitiveColumn<Int64>(type: .int64, capacity: batch.count)
        for _ in 0..<batch.count { arrival.append(now) }
        let stamped = RecordBatch(values: batch.values, keys: batch.keys, timestamps: arrival)
        try windows.process(stamped, input: input, output: output)
    }

    func processWatermark(_ watermark: Int64, output: Collector) throws(SpateError) {
        windows.reportedWatermark = watermark
        try output.emitWatermark(watermark)
    }

    var nextProcessingTime: Int64? { windows.nextFiringWatermark.map { $0 &+ 1 } }

    func onProcessingTime(_ now: Int64, output: Collector) throws(SpateError) {
        try windows.processWatermark(now &- 1, output: RecordsOnly(output))
    }
}

/// Passes records on and keeps watermarks back (a processing-time window's clock is not event time).
private final class RecordsOnly: Collector {
    let next: Collector
    init(_ next: Collector) { self.next = next }
    func emit(_ batch: RecordBatch) throws(SpateError) { try next.emit(batch) }
    func emitWatermark(_ watermark: Int64) throws(SpateError) {}
    func flush() throws(SpateError) { try next.flush() }
}
