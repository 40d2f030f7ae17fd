/// Host functions with keyed state and event-time timers (PyFlink's `KeyedProcessFunction`). The
/// state lives here, per key slot: one object handle per state (state 0 is the key itself).
public protocol StatefulBatchFunction: AnyObject {
    func open(_ context: OperatorContext) throws(SpateError)
    /// Processes a batch; returns its output and the timers it registered or deleted.
    func process(_ batch: RecordBatch, slots: UnsafeBufferPointer<Int64>, states: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>,
                 stateCount: Int, watermark: Int64) throws(SpateError) -> (RecordBatch?, [(slot: Int64, timestamp: Int64, register: Bool)])
    /// Fires due timers; returns the output and any timers registered meanwhile.
    func fire(slots: [Int64], timestamps: [Int64], states: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>,
              stateCount: Int, watermark: Int64) throws(SpateError) -> (RecordBatch?, [(slot: Int64, timestamp: Int64, register: Bool)])
    func close()
}

final class KeyedProcessOperator: StreamOperator {
    static let stateCount = 17  // the key and up to 16 states per function
    let function: StatefulBatchFunction
    private let keyIndex = KeyIndex()
    private var states: [Buffer<UInt64>] = Array(repeating: Buffer<UInt64>(), count: KeyedProcessOperator.stateCount)
    private let pointers = UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>.allocate(capacity: KeyedProcessOperator.stateCount)
    private var timers = TimerQueue()
    private var watermark = Int64.min

    init(_ function: StatefulBatchFunction) { self.function = function }

    deinit {
        for index in states.indices {
            HostServices.shared.releaseLive(states[index].elements)
            states[index].free()
        }
        pointers.deallocate()
    }

    func open(_ context: OperatorContext) throws(SpateError) { try function.open(context) }
    func close() { function.close() }

    private func preparedPointers() -> UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?> {
        let slots = max(Int(keyIndex.slotCount), 1)  // a stream without keys uses slot 0
        for index in states.indices {
            states[index].grow(to: slots, filling: 0)
            pointers[index] = states[index].base
        }
        return pointers
    }

    private func apply(_ changes: [(slot: Int64, timestamp: Int64, register: Bool)]) {
        for change in changes {
            if change.register { timers.register(slot: change.slot, at: change.timestamp) }
            else { timers.delete(slot: change.slot, at: change.timestamp) }
        }
    }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        let (result, changes): (RecordBatch?, [(slot: Int64, timestamp: Int64, register: Bool)])
        if let keys = batch.keys {
            let slots = try keyIndex.slots(for: keys)
            (result, changes) = try function.process(batch, slots: UnsafeBufferPointer(slots), states: preparedPointers(),
                                                     stateCount: Self.stateCount, watermark: watermark)
        } else {
            // A ProcessFunction on a stream without keys: every row in slot 0, no state, no timers.
            let zeros = [Int64](repeating: 0, count: batch.count)
            (result, changes) = try zeros.withUnsafeBufferPointer { slots throws(SpateError) in
                try function.process(batch, slots: slots, states: preparedPointers(), stateCount: Self.stateCount,
                                     watermark: watermark)
            }
        }
        apply(changes)
        if let result, !result.isEmpty { try output.emit(result) }
    }

    func processWatermark(_ watermark: Int64, output: Collector) throws(SpateError) {
        self.watermark = watermark
        var due = timers.takeDue(at: watermark)
        while !due.isEmpty {
            let (result, changes) = try function.fire(slots: due.map(\.slot), timestamps: due.map(\.timestamp),
                                                      states: preparedPointers(), stateCount: Self.stateCount,
                                                      watermark: watermark)
            if let result, !result.isEmpty { try output.emit(result) }
            apply(changes)
            due = timers.takeDue(at: watermark)  // timers registered by on_timer that are due too
        }
        try output.emitWatermark(watermark)
    }
}
