import Synchronization
@testable import SpateCore

/// A value shared between test code and operator threads (a class, so closures can capture it).
final class Shared<Value>: @unchecked Sendable {
    private let lock: Mutex<Value>
    init(_ value: Value) { lock = Mutex(value) }
    func withLock<R>(_ body: (inout Value) -> R) -> R { lock.withLock { body(&$0) } }
}

/// Keeps every batch an operator emits (watermarks ignored).
final class EmittedBatches: Collector {
    var batches: [RecordBatch] = []
    func emit(_ batch: RecordBatch) throws(SpateError) { batches.append(batch) }
    func emitWatermark(_ watermark: Int64) throws(SpateError) {}
}

/// Each emitted row as its kind and values, `+I[1, a, null]` (integers and strings; NULL as null).
func changelogLines(_ batches: [RecordBatch]) -> [String] {
    batches.flatMap { batch -> [String] in
        guard let values = batch.values as? StructColumn else { return ["?"] }
        return (0..<batch.count).map { row in
            let cells = values.fields.map { column -> String in
                if column.isNull(row) { return "null" }
                switch column {
                case let numbers as PrimitiveColumn<Int64>: return "\(numbers[row])"
                case let strings as StringColumn: return strings[row]
                default: return "?"
                }
            }
            return batch.rowKind(row).shortString + "[" + cells.joined(separator: ", ") + "]"
        }
    }
}
