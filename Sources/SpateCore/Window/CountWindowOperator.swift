/// Keyed count windows (PyFlink's `count_window(size, slide)`): window k of a key holds its
/// elements number k·slide ..< k·slide + size, and is handed whole to the host as soon as it is
/// complete (tumbling when slide == size). Elements left over when the input ends never fire, and
/// with slide > size the elements between windows belong to none, both as in PyFlink.
final class CountWindowOperator: StreamOperator {
    let size: Int
    let slide: Int
    let function: WindowBatchFunction
    private let keyIndex = KeyIndex()
    private var store: Column?
    /// Each key's elements of its next window onwards.
    private var rowsOfKey: [[Int32]] = []
    /// How many elements each key has had.
    private var seen: [Int] = []
    /// How many windows each key has completed (the next window's id).
    private var completed: [Int64] = []
    private var buffered = 0

    init(size: Int, slide: Int? = nil, function: WindowBatchFunction) {
        self.size = size
        self.slide = slide ?? size
        self.function = function
    }

    func open(_ context: OperatorContext) throws(SpateError) { try function.open(context) }
    func close() throws(SpateError) { try function.close() }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        guard let keys = batch.keys else { throw SpateError(.runtime, "count windows need a keyed stream") }
        let keySlots = try keyIndex.slots(for: keys)
        compactStore(&store, heldRows: buffered) { renumber in
            for key in rowsOfKey.indices { renumber(&rowsOfKey[key]) }
        }
        let (base, stored) = storeElements(of: batch, in: &store)
        var rows: [Int32] = []
        var offsets: [Int64] = [0]
        var ids: [Int64] = []
        for row in 0..<batch.count {
            let key = Int(keySlots[row])
            while rowsOfKey.count <= key {
                rowsOfKey.append([])
                seen.append(0)
                completed.append(0)
            }
            let index = seen[key]
            seen[key] += 1
            let nextStart = Int(completed[key]) * slide
            guard index >= nextStart else { continue }  // between windows (slide > size)
            rowsOfKey[key].append(base + Int32(row))
            buffered += 1
            if index == nextStart + size - 1 {
                rows.append(contentsOf: rowsOfKey[key])
                offsets.append(Int64(rows.count))
                ids.append(completed[key])
                completed[key] += 1
                let dropped = Swift.min(slide, size)
                rowsOfKey[key].removeFirst(dropped)
                buffered -= dropped
            }
        }
        guard !ids.isEmpty else { return }
        let elements = RecordBatch(values: rows.withUnsafeBufferPointer { stored.gather($0, move: false) })
        if let result = try function.process(windows: elements, offsets: offsets, starts: ids, ends: ids.map { $0 + 1 },
                                             watermark: Int64.min) {
            try output.emit(result)
        }
    }
}
