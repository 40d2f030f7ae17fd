/// Host functions with keyed state and timers (PyFlink's `KeyedProcessFunction`). The state lives
/// here, per key slot: one object handle per state (state 0 is the key itself).
public protocol StatefulBatchFunction: AnyObject {
    func open(_ context: OperatorContext) throws(SpateError)
    /// Processes a batch; returns its output and the timers it registered or deleted.
    func process(_ batch: RecordBatch, slots: UnsafeBufferPointer<Int64>, states: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>,
                 stateCount: Int, watermark: Int64) throws(SpateError) -> (RecordBatch?, [TimerChange])
    /// Fires due timers of `domain`; returns the output and any timers registered meanwhile.
    func fire(slots: [Int64], timestamps: [Int64], domain: TimeDomain, states: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>,
              stateCount: Int, watermark: Int64) throws(SpateError) -> (RecordBatch?, [TimerChange])
    func close() throws(SpateError)
}

/// Keyed (or unkeyed) process functions with state and timers: one function, or one per input for
/// connected streams (`CoProcessFunction`, `KeyedCoProcessFunction`), which share the keys' state and
/// timers; timers fire through the first.
final class KeyedProcessOperator: ProcessingTimeOperator {
    static let stateCount = 17  // the key and up to 16 states per function
    let function: StatefulBatchFunction
    let second: StatefulBatchFunction?
    /// Whether each input is keyed: a broadcast input next to a keyed one has no current key.
    let keyedInputs: [Bool]
    private let keyIndex = KeyIndex()
    private var states: [Buffer<UInt64>] = Array(repeating: Buffer<UInt64>(), count: KeyedProcessOperator.stateCount)
    private let pointers = UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>.allocate(capacity: KeyedProcessOperator.stateCount)
    private var timers = TimerService()
    private var watermark = Int64.min
    /// One per input: the two functions of connected streams cost differently.
    private var pacers = [CallPacer(timeoutMillis: -1), CallPacer(timeoutMillis: -1)]

    init(_ function: StatefulBatchFunction, second: StatefulBatchFunction? = nil, keyedInputs: [Bool] = [true, true]) {
        self.function = function
        self.second = second
        self.keyedInputs = keyedInputs
    }

    deinit {
        for index in states.indices {
            HostServices.shared.releaseLive(states[index].elements)
            states[index].free()
        }
        pointers.deallocate()
    }

    func open(_ context: OperatorContext) throws(SpateError) {
        pacers = Array(repeating: CallPacer(for: context), count: 2)
        try function.open(context)
        try second?.open(context)
    }

    func close() throws(SpateError) {
        try closeAll([function.close, second?.close])
    }

    private func preparedPointers() -> UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?> {
        let slots = max(Int(keyIndex.slotCount), 1)  // a stream without keys uses slot 0
        for index in states.indices {
            states[index].grow(to: slots, filling: 0)
            pointers[index] = states[index].base
        }
        return pointers
    }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        try pacers[Swift.min(input, 1)].run(batch, flushing: output) { slice throws(SpateError) in
            try processSlice(slice, input: input, output: output)
        }
    }

    private func processSlice(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        let function = input == 1 ? (second ?? self.function) : self.function
        let (result, changes): (RecordBatch?, [TimerChange])
        if let keys = batch.keys, keyedInputs[Swift.min(input, 1)] {
            let slots = try keyIndex.slots(for: keys)
            (result, changes) = try function.process(batch, slots: UnsafeBufferPointer(slots), states: preparedPointers(),
                                                     stateCount: Self.stateCount, watermark: watermark)
        } else {
            // A ProcessFunction on a stream without keys (or a broadcast input): every row in slot
            // 0; the host gives such rows no keyed state and no timers.
            let zeros = [Int64](repeating: 0, count: batch.count)
            (result, changes) = try zeros.withUnsafeBufferPointer { slots throws(SpateError) in
                try function.process(batch, slots: slots, states: preparedPointers(), stateCount: Self.stateCount,
                                     watermark: watermark)
            }
        }
        timers.apply(changes)
        if let result, !result.isEmpty { try output.emit(result) }
    }

    func processWatermark(_ watermark: Int64, output: Collector) throws(SpateError) {
        self.watermark = watermark
        try fireDue(in: .eventTime, at: watermark, output: output)
        try output.emitWatermark(watermark)
    }

    var nextProcessingTime: Int64? { timers.nextTime(.processingTime) }

    func onProcessingTime(_ now: Int64, output: Collector) throws(SpateError) {
        try fireDue(in: .processingTime, at: now, output: output)
    }

    /// Fires the timers of `domain` due at `time`, a timestamp at a time (every key's in one host
    /// call), so a timer that on_timer registers fires before timers of later times, as in Flink.
    private func fireDue(in domain: TimeDomain, at time: Int64, output: Collector) throws(SpateError) {
        var due = timers.takeEarliest(domain, dueAt: time)
        while !due.isEmpty {
            let (result, changes) = try function.fire(slots: due.map(\.key), timestamps: due.map(\.timestamp), domain: domain,
                                                      states: preparedPointers(), stateCount: Self.stateCount,
                                                      watermark: watermark)
            if let result, !result.isEmpty { try output.emit(result) }
            timers.apply(changes)
            due = timers.takeEarliest(domain, dueAt: time)
        }
    }
}
