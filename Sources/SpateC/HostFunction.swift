import CSpate
import SpateCore

/// A host UDF (`spate_udf`) as the runtime sees it. One instance is shared by every subtask of its
/// operator; it releases the host's context when the graph lets go of it.
final class HostUDF: HostFunction {
    var udf: spate_udf
    /// Whether the host builds new values, and of which type.
    let outputType: DataType?
    /// Whether the host computes keys, and of which type.
    let keyType: DataType?
    /// Whether `release` should be called (false once fused into another UDF).
    private var ownsContext = true
    /// The side outputs (OutputTags) the host may emit to.
    var sideTypes: [DataType] = []

    init(_ udf: spate_udf, outputType: DataType?, keyType: DataType?) {
        self.udf = udf
        self.outputType = outputType
        self.keyType = keyType
    }

    deinit { if ownsContext { udf.release?(udf.context) } }

    var producesKeys: Bool { keyType != nil }

    func canFuse(with next: FusableFunction) -> Bool {
        let unfusable = [Int32(SPATE_UDF_REDUCE.rawValue), Int32(SPATE_UDF_TIMESTAMP.rawValue),
                         Int32(SPATE_UDF_STAMPED_PROCESS.rawValue)]
        guard let next = next as? HostUDF else { return false }
        return udf.fuse != nil && keyType == nil && sideTypes.isEmpty && next.sideTypes.isEmpty
            && !unfusable.contains(udf.kind) && !unfusable.contains(next.udf.kind)
    }

    func fused(with next: FusableFunction) -> FusableFunction? {
        guard canFuse(with: next), let next = next as? HostUDF, let fuse = udf.fuse else { return nil }
        var combined = spate_udf()
        let status = withUnsafePointer(to: udf) { first in
            withUnsafePointer(to: next.udf) { second in fuse(first, second, &combined) }
        }
        guard status == 0 else { return nil }
        ownsContext = false
        next.ownsContext = false
        return HostUDF(combined, outputType: next.outputType ?? outputType, keyType: next.keyType)
    }

    func makeFactory() -> OperatorFactory {
        .transform { _ in Operators.transform(HostBatchFunction(self)) }
    }

    func makeInstance() -> any HostFunctionInstance { HostBatchFunction(self) }
}

/// One subtask's use of a host UDF.
final class HostBatchFunction: BatchFunction, KeyedBatchFunction, WindowBatchFunction, StatefulBatchFunction {
    let host: HostUDF
    private var subtask: Int32 = 0
    private var opened = false
    private var operatorName = ""
    private var clock: ProcessingClock = SystemClock()

    init(_ host: HostUDF) { self.host = host }

    var probeRows: Int { host.udf.probe_rows > 0 ? Int(host.udf.probe_rows) : CallPacer.probeRows }

    func open(_ context: OperatorContext) throws(SpateError) {
        subtask = Int32(context.subtaskIndex)
        operatorName = context.operatorName
        clock = context.clock
        if let open = host.udf.open, open(host.udf.context, subtask, Int32(context.parallelism)) != 0 {
            throw SpateError(.callbackFailed, "\(operatorName): open failed")
        }
        opened = true
    }

    func close() throws(SpateError) {
        guard opened else { return }
        opened = false
        if let close = host.udf.close, close(host.udf.context, subtask) != 0 {
            throw SpateError(.callbackFailed, "\(operatorName): close failed")
        }
    }

    func apply(_ batch: RecordBatch) throws(SpateError) -> RecordBatch? {
        try call(batch) { input, output in
            host.udf.process?(host.udf.context, subtask, input, output) ?? 1
        }
    }

    func apply(_ batch: RecordBatch, slots: UnsafeBufferPointer<Int64>,
               state: UnsafeMutablePointer<UInt64>) throws(SpateError) -> RecordBatch? {
        try call(batch) { input, output in
            host.udf.process_keyed?(host.udf.context, subtask, input, slots.baseAddress, state, output) ?? 1
        }
    }

    func accumulate(_ batch: RecordBatch, slots: UnsafeBufferPointer<Int64>,
                    state: UnsafeMutablePointer<UInt64>) throws(SpateError) {
        let output = makeOutput(valuesType: nil, rows: batch.count)
        var input = ArrowArray()
        ArrowExport.export(batch, into: &input)
        // The callback gets a borrowed handle: keep `output` alive until it returns.
        let status = withExtendedLifetime(output) {
            host.udf.process_keyed?(host.udf.context, subtask, &input, slots.baseAddress, state, output.unretainedHandle) ?? 1
        }
        input.release?(&input)
        guard status == 0 else { throw SpateError(.callbackFailed, "\(operatorName) failed") }
    }

    func emit(slots: UnsafeBufferPointer<Int64>, state: UnsafeMutablePointer<UInt64>) throws(SpateError) -> RecordBatch? {
        let output = makeOutput(valuesType: host.outputType, rows: slots.count)
        let status = host.udf.emit_keyed?(host.udf.context, subtask, slots.baseAddress, Int64(slots.count), state,
                                          output.unretainedHandle) ?? 1
        guard status == 0 else { throw SpateError(.callbackFailed, "\(operatorName) failed") }
        guard let values = output.values?.column, values.count == slots.count else {
            throw SpateError(.runtime, "\(operatorName): window results missing")
        }
        return RecordBatch(values: values)
    }

    func process(windows elements: RecordBatch, offsets: [Int64], starts: [Int64], ends: [Int64],
                 watermark: Int64) throws(SpateError) -> RecordBatch? {
        try call(elements) { input, output in
            offsets.withUnsafeBufferPointer { offsetBuffer in
                starts.withUnsafeBufferPointer { startBuffer in
                    ends.withUnsafeBufferPointer { endBuffer in
                        host.udf.process_windows?(host.udf.context, subtask, input, offsetBuffer.baseAddress, startBuffer.baseAddress,
                                                  endBuffer.baseAddress, Int64(starts.count), watermark, output) ?? 1
                    }
                }
            }
        }
    }

    func process(_ batch: RecordBatch, slots: UnsafeBufferPointer<Int64>, states: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>,
                 stateCount: Int, watermark: Int64) throws(SpateError) -> (RecordBatch?, [TimerChange]) {
        let output = makeOutput(valuesType: host.outputType, assignsTimestamps: stampsOutputs, rows: batch.count)
        var input = ArrowArray()
        ArrowExport.export(batch, into: &input)
        let times = batch.timestamps.map { UnsafePointer($0.values.base) } ?? nil
        let status = host.udf.process_stateful?(host.udf.context, subtask, &input, slots.baseAddress, times, states,
                                                Int32(stateCount), watermark, output.unretainedHandle) ?? 1
        input.release?(&input)
        guard status == 0 else { throw SpateError(.callbackFailed, "\(operatorName) failed") }
        return (try output.batch(from: batch, operatorName: operatorName), output.timers)
    }

    func fire(slots: [Int64], timestamps: [Int64], domain: TimeDomain, states: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>,
              stateCount: Int, watermark: Int64) throws(SpateError) -> (RecordBatch?, [TimerChange]) {
        let output = makeOutput(valuesType: host.outputType, assignsTimestamps: stampsOutputs, rows: slots.count)
        let status = slots.withUnsafeBufferPointer { slotBuffer in
            timestamps.withUnsafeBufferPointer { timeBuffer in
                host.udf.fire_timers?(host.udf.context, subtask, slotBuffer.baseAddress, timeBuffer.baseAddress, Int64(slots.count),
                                      domain.rawValue, states, Int32(stateCount), watermark, output.unretainedHandle) ?? 1
            }
        }
        guard status == 0 else { throw SpateError(.callbackFailed, "\(operatorName) failed") }
        // Event-time timer outputs carry the timer's timestamp, processing-time ones none (Flink
        // erases it): a stand-in input of one row per timer.
        let stand = PrimitiveColumn<Int64>(type: .int64, capacity: timestamps.count)
        let times = PrimitiveColumn<Int64>(type: .int64, capacity: timestamps.count)
        for timestamp in timestamps {
            stand.append(timestamp)
            times.append(timestamp)
        }
        let timed = RecordBatch(values: stand, timestamps: domain == .eventTime ? times : nil)
        return (try output.batch(from: timed, operatorName: operatorName), output.timers)
    }

    private var stampsOutputs: Bool { host.udf.kind == Int32(SPATE_UDF_STAMPED_PROCESS.rawValue) }

    /// The output of one host call: its builders, side outputs and clock.
    private func makeOutput(valuesType: DataType?, keyType: DataType? = nil, assignsTimestamps: Bool = false,
                            rows: Int) -> HostOutput {
        let output = HostOutput(valuesType: valuesType, keyType: keyType, assignsTimestamps: assignsTimestamps, inputRows: rows)
        output.declareSides(host.sideTypes)
        output.clock = clock
        return output
    }

    private func call(_ batch: RecordBatch,
                      _ body: (UnsafePointer<ArrowArray>, OpaquePointer) -> Int32) throws(SpateError) -> RecordBatch? {
        let output = makeOutput(valuesType: host.outputType, keyType: host.keyType,
                                assignsTimestamps: host.udf.kind == Int32(SPATE_UDF_TIMESTAMP.rawValue), rows: batch.count)
        var input = ArrowArray()
        ArrowExport.export(batch, into: &input)
        let status = body(&input, output.unretainedHandle)
        input.release?(&input)
        guard status == 0 else { throw SpateError(.callbackFailed, "\(operatorName) failed") }
        return try output.batch(from: batch, operatorName: operatorName)
    }
}
