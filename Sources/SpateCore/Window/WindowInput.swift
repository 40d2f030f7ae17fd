/// The keys and event timestamps that every keyed event-time window operator needs from a batch.
func windowInput(_ batch: RecordBatch, operatorName: String) throws(SpateError) -> (keys: Column, timestamps: PrimitiveColumn<Int64>) {
    guard let keys = batch.keys else { throw SpateError(.runtime, "\(operatorName) needs a keyed stream") }
    guard let timestamps = batch.timestamps else {
        throw SpateError(.invalidArgument, "\(operatorName): event-time windows need timestamps; call assign_timestamps_and_watermarks first")
    }
    return (keys, timestamps)
}

/// Appends a batch's values to a window operator's element store (created on first use); returns
/// the store and the store row of the batch's first element.
@discardableResult
func storeElements(of batch: RecordBatch, in store: inout Column?) -> (base: Int32, store: Column) {
    let stored = store ?? batch.values.makeEmpty()
    store = stored
    let base = Int32(stored.count)
    stored.appendRows(from: batch.values, count: batch.count)
    return (base, stored)
}
