/// What a Swift keyed process closure sees of the current key: its state (one Int64), its event
/// time, and the timers and outputs it asks for.
///
/// ```swift
/// let counts = try env.sequence(from: 0, to: 999).keyBy(.int64) { $0 % 10 }
///     .process(onElement: { _, context in
///         context.state = (context.state ?? 0) + 1
///         context.registerEventTimeTimer(Int64.max - 1)
///     }, onTimer: { _, _, context in context.emit(context.state ?? 0) })
/// ```
public struct KeyedProcessContext {
    /// The current key.
    public let key: Int64
    /// The element's event time (or the firing timer's time), if any.
    public let timestamp: Int64?
    /// The operator's event time.
    public let watermark: Int64
    /// The key's state: kept across elements and timers of the key.
    public var state: Int64?
    var outputs: [Int64] = []
    var timers: [TimerChange] = []
    let slot: Int64

    public mutating func emit(_ value: Int64) { outputs.append(value) }

    public mutating func registerEventTimeTimer(_ time: Int64) {
        timers.append(TimerChange(slot: slot, timestamp: time, register: true, domain: .eventTime))
    }

    public mutating func deleteEventTimeTimer(_ time: Int64) {
        timers.append(TimerChange(slot: slot, timestamp: time, register: false, domain: .eventTime))
    }

    public mutating func registerProcessingTimeTimer(_ time: Int64) {
        timers.append(TimerChange(slot: slot, timestamp: time, register: true, domain: .processingTime))
    }

    public mutating func deleteProcessingTimeTimer(_ time: Int64) {
        timers.append(TimerChange(slot: slot, timestamp: time, register: false, domain: .processingTime))
    }
}

/// A keyed process function of Swift closures over a keyed stream of Int64 values with Int64 keys.
/// Its state lives here, by key slot (the runtime's state cells hold host objects).
final class ClosureKeyedFunction: StatefulBatchFunction {
    typealias OnElement = @Sendable (Int64, inout KeyedProcessContext) -> Void
    typealias OnTimer = @Sendable (Int64, TimeDomain, inout KeyedProcessContext) -> Void

    private let onElement: OnElement
    private let onTimer: OnTimer
    private var stateOfSlot: [Int64?] = []
    private var keyOfSlot: [Int64] = []
    private var operatorName = ""

    init(onElement: @escaping OnElement, onTimer: @escaping OnTimer) {
        self.onElement = onElement
        self.onTimer = onTimer
    }

    func open(_ context: OperatorContext) throws(SpateError) { operatorName = context.operatorName }
    func close() {}

    private func grow(to slot: Int) {
        while stateOfSlot.count <= slot {
            stateOfSlot.append(nil)
            keyOfSlot.append(0)
        }
    }

    func process(_ batch: RecordBatch, slots: UnsafeBufferPointer<Int64>, states: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>,
                 stateCount: Int, watermark: Int64) throws(SpateError) -> (RecordBatch?, [TimerChange]) {
        guard let values = batch.values as? PrimitiveColumn<Int64>, let keys = batch.keys as? PrimitiveColumn<Int64> else {
            throw SpateError(.invalidArgument, "\(operatorName): Swift process closures take Int64 values keyed by Int64 keys")
        }
        let outputs = PrimitiveColumn<Int64>(type: .int64)
        let times = PrimitiveColumn<Int64>(type: .int64)
        var timers: [TimerChange] = []
        for row in 0..<batch.count {
            let slot = Int(slots[row])
            grow(to: slot)
            keyOfSlot[slot] = keys[row]
            var context = KeyedProcessContext(key: keys[row], timestamp: batch.timestamps?[row], watermark: watermark,
                                              state: stateOfSlot[slot], slot: Int64(slot))
            onElement(values[row], &context)
            stateOfSlot[slot] = context.state
            for value in context.outputs {
                outputs.append(value)
                times.append(context.timestamp ?? Int64.min)
            }
            timers += context.timers
        }
        return (RecordBatch(values: outputs, timestamps: batch.timestamps == nil ? nil : times), timers)
    }

    func fire(slots: [Int64], timestamps: [Int64], domain: TimeDomain, states: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>,
              stateCount: Int, watermark: Int64) throws(SpateError) -> (RecordBatch?, [TimerChange]) {
        let outputs = PrimitiveColumn<Int64>(type: .int64)
        let times = PrimitiveColumn<Int64>(type: .int64)
        var timers: [TimerChange] = []
        for (slot, time) in zip(slots, timestamps) {
            let index = Int(slot)
            grow(to: index)
            var context = KeyedProcessContext(key: keyOfSlot[index], timestamp: time, watermark: watermark,
                                              state: stateOfSlot[index], slot: slot)
            onTimer(time, domain, &context)
            stateOfSlot[index] = context.state
            for value in context.outputs {
                outputs.append(value)
                times.append(time)
            }
            timers += context.timers
        }
        // Processing-time timer outputs carry no timestamp, as in Flink.
        return (RecordBatch(values: outputs, timestamps: domain == .eventTime ? times : nil), timers)
    }
}

extension StreamEnvironment.Stream {
    /// A keyed process function of Swift closures (the stream must be keyed with Int64 keys and
    /// carry Int64 values): `onElement(value, &context)` for each element and
    /// `onTimer(time, domain, &context)` for each timer that fires; the context holds the key's
    /// state and takes outputs and timers. See `KeyedProcessContext`.
    public func process(_ name: String = "KeyedProcess", parallelism: Int = 0,
                        onElement: @escaping @Sendable (Int64, inout KeyedProcessContext) -> Void,
                        onTimer: @escaping @Sendable (Int64, TimeDomain, inout KeyedProcessContext) -> Void = { _, _, _ in })
        throws(SpateError) -> StreamEnvironment.Stream {
        guard keyed else { throw .invalid("\(name): state and timers need a keyed stream (call keyBy first)") }
        return try apply(name, outputType: .int64, parallelism: parallelism) {
            Operators.keyedProcess(ClosureKeyedFunction(onElement: onElement, onTimer: onTimer))
        }
    }
}
