/// A reduce whose function the host runs (a Python `ReduceFunction`): Spate keeps each key's
/// accumulator (an object handle) in a state slot and hands the host a batch with its slots.
public protocol KeyedBatchFunction: AnyObject {
    func open(_ context: OperatorContext) throws(SpateError)
    /// Folds each row into `state[slots[row]]` (owned handles, 0 = empty) and returns one output row
    /// per input row (the new accumulator).
    func apply(_ batch: RecordBatch, slots: UnsafeBufferPointer<Int64>,
               state: UnsafeMutablePointer<UInt64>) throws(SpateError) -> RecordBatch?
    /// Folds each row into its state without emitting anything (windows emit when they fire).
    func accumulate(_ batch: RecordBatch, slots: UnsafeBufferPointer<Int64>,
                    state: UnsafeMutablePointer<UInt64>) throws(SpateError)
    /// The values of the states of `slots`, which it clears (the window fired).
    func emit(slots: UnsafeBufferPointer<Int64>, state: UnsafeMutablePointer<UInt64>) throws(SpateError) -> RecordBatch?
    func close() throws(SpateError)
}

final class KeyedReduceOperator: StreamOperator {
    let function: KeyedBatchFunction
    private let keyIndex = KeyIndex()
    private var state = Buffer<UInt64>()
    private var finalValues: LatestPerKey?

    init(_ function: KeyedBatchFunction) { self.function = function }

    deinit {
        HostServices.shared.releaseLive(state.elements)
        state.free()
    }

    func open(_ context: OperatorContext) throws(SpateError) {
        if context.runtimeMode == .batch { finalValues = LatestPerKey() }
        try function.open(context)
    }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        guard let keys = batch.keys else { throw SpateError(.runtime, "reduce needs a keyed stream") }
        let slots = try keyIndex.slots(for: keys)
        state.grow(to: Int(keyIndex.slotCount), filling: 0)
        guard let result = try function.apply(batch, slots: UnsafeBufferPointer(slots), state: state.base!),
              result.count > 0 else { return }
        if let finalValues {
            finalValues.record(result.values, slots: UnsafeBufferPointer(slots))
        } else {
            try output.emit(result)
        }
    }

    func endOfInput(output: Collector) throws(SpateError) {
        if let batch = finalValues?.batch() { try output.emit(batch) }
    }

    func close() throws(SpateError) { try function.close() }
}

/// Batch mode's keyed results: only the last value per key, emitted at the end of input.
final class LatestPerKey {
    private var values: Column?
    private var latestRow: [Int32] = []

    func record(_ column: Column, slots: UnsafeBufferPointer<Int64>) {
        let store = values ?? column.makeEmpty()
        values = store
        for row in 0..<column.count {
            let slot = Int(slots[row])
            while latestRow.count <= slot { latestRow.append(-1) }
            latestRow[slot] = Int32(store.count)
            store.append(from: column, row: row)
        }
        if store.count > 2 * latestRow.count + 4096 { compact() }
    }

    private func compact() {
        guard let store = values else { return }
        values = latestRow.withUnsafeBufferPointer { store.gather($0, move: false) }
        latestRow = Array(0..<Int32(latestRow.count))
    }

    func batch() -> RecordBatch? {
        guard let store = values, !latestRow.isEmpty else { return nil }
        return RecordBatch(values: latestRow.withUnsafeBufferPointer { store.gather($0, move: false) })
    }
}
