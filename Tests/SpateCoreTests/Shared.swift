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
