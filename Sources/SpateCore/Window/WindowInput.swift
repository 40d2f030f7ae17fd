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

/// Keeps an element store from growing without bound: once most of it has been handed on (the
/// holders keep fewer than a quarter of its rows), the rows still held are copied into a fresh
/// store. `holders` calls its argument on every holder's row list, which is renumbered in place.
func compactStore(_ store: inout Column?, heldRows: Int, holders: ((inout [Int32]) -> Void) -> Void) {
    guard let current = store, current.count > 4 * heldRows + 4096 else { return }
    var live: [Int32] = []
    holders { rows in
        let first = Int32(live.count)
        live.append(contentsOf: rows)
        rows = Array(first..<Int32(live.count))
    }
    store = live.withUnsafeBufferPointer { current.gather($0, move: false) }
}
