/// The built-in keyed aggregations of `KeyedStream`, run natively.
public enum AggregationKind: String, Sendable {
    /// Running sum of a field; the other fields are those of the key's first record.
    case sum
    /// Running minimum/maximum of a field; the other fields are those of the key's first record.
    case min, max
    /// The whole record holding the minimum/maximum of a field (the first among equals).
    case minBy, maxBy
    /// How many elements a window holds (window aggregates only), in the values' numeric type.
    case count

    var keepsWholeRecord: Bool { self == .minBy || self == .maxBy }

    /// The accumulator after `value`: the sum, or the better of the two (nil: an integer sum
    /// overflowed). `current` is kept on ties, so min_by/max_by keep the first among equals.
    @inline(__always)
    func fold<Element: PrimitiveElement>(_ current: Element, _ value: Element) -> Element? {
        switch self {
        case .sum: return Element.checkedAdd(current, value)
        case .min, .minBy: return value < current ? value : current
        case .max, .maxBy: return value > current ? value : current
        case .count: return Element.checkedAdd(current, Element.exactly(1) ?? Element.zero)
        }
    }

    /// A window's accumulator after its first element.
    @inline(__always)
    func first<Element: PrimitiveElement>(_ value: Element) -> Element {
        self == .count ? Element.exactly(1) ?? value : value
    }
}

/// Makes the aggregate operator for a stream type and field (nil: the whole value, for streams of
/// plain numbers), checking that the field is numeric, or, for all but `sum`, a date, time,
/// timestamp or decimal (stored as integers in the order of their values).
func makeKeyedAggregate(_ kind: AggregationKind, type: DataType, field: Int?) throws(SpateError) -> StreamOperator {
    guard kind != .count else { throw .invalid("count is a window aggregate; a keyed stream has sum, min, max, min_by and max_by") }
    var fieldType = type
    if let field {
        guard let fields = type.fields else { throw .invalid("\(kind.rawValue): the stream of \(type) has no fields") }
        guard fields.indices.contains(field) else {
            throw .invalid("\(kind.rawValue): field position \(field) is out of range for \(type.flinkName) with \(fields.count) fields")
        }
        fieldType = fields[field].type
    }
    switch fieldType.base {
    case .int8: return KeyedAggregateOperator<Int8>(kind, field: field)
    case .int16: return KeyedAggregateOperator<Int16>(kind, field: field)
    case .int32: return KeyedAggregateOperator<Int32>(kind, field: field)
    case .int64: return KeyedAggregateOperator<Int64>(kind, field: field)
    case .float32: return KeyedAggregateOperator<Float>(kind, field: field)
    case .float64: return KeyedAggregateOperator<Double>(kind, field: field)
    case .date where kind != .sum: return KeyedAggregateOperator<Int32>(kind, field: field)
    case .time where kind != .sum, .timestamp where kind != .sum, .timestampLTZ where kind != .sum:
        return KeyedAggregateOperator<Int64>(kind, field: field)
    case .decimal where kind != .sum: return KeyedAggregateOperator<Int128>(kind, field: field)
    default:
        throw .invalid("\(kind.rawValue): field \(field.map(String.init) ?? "value") of type \(fieldType.flinkName) is not numeric")
    }
}

final class KeyedAggregateOperator<Element: PrimitiveElement>: StreamOperator {
    let kind: AggregationKind
    let field: Int?
    private let keyIndex = KeyIndex()
    /// The aggregated field value of each slot.
    private var accumulators = Buffer<Element>()
    /// Records kept per slot: the first record (sum/min/max) or the best one (min_by/max_by).
    private var records: Column?
    private var recordRow = Buffer<Int32>()
    private var batchMode = false
    private var operatorName = ""
    private var numbersType: DataType?

    init(_ kind: AggregationKind, field: Int?) {
        self.kind = kind
        self.field = field
    }

    deinit {
        accumulators.free()
        recordRow.free()
    }

    func open(_ context: OperatorContext) throws(SpateError) {
        batchMode = context.runtimeMode == .batch
        operatorName = context.operatorName
    }

    // Specialized per element type: the generic version would copy every value through witness tables.
    @_specialize(where Element == Int64)
    @_specialize(where Element == Int32)
    @_specialize(where Element == Int16)
    @_specialize(where Element == Int8)
    @_specialize(where Element == Double)
    @_specialize(where Element == Float)
    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        guard let keys = batch.keys else { throw SpateError(.runtime, "\(operatorName) needs a keyed stream") }
        let slots = try keyIndex.slots(for: keys)
        let values = batch.values
        let fieldColumn = field.map { (values as! StructColumn).fields[$0] } ?? values
        let numbers = unsafeDowncast(fieldColumn, to: PrimitiveColumn<Element>.self)
        numbersType = numbers.type
        if numbers.nullCount > 0 {
            for row in 0..<numbers.count where numbers.isNull(row) {
                throw SpateError(.typeMismatch, "\(operatorName): field \(field ?? 0) is null in a record; \(kind.rawValue) needs a value")
            }
        }
        let needsRecords = field != nil || kind.keepsWholeRecord
        if needsRecords && records == nil { records = values.makeEmpty() }
        let count = values.count
        var resultRows = Buffer<Int32>(capacity: batchMode ? 0 : count)
        let resultValues = PrimitiveColumn<Element>(type: numbers.type, capacity: batchMode ? 0 : count)
        // Hot loop: plain pointers and locals, so no per-row exclusivity checks or retains.
        let input = numbers.values
        let results = batchMode ? nil : resultValues.values.extend(by: count)
        let rowsOut = batchMode || !needsRecords ? nil : resultRows.extend(by: count)
        var accumulated = accumulators
        var keptRows = recordRow
        do {
            // The locals may reallocate; the fields take them back before anything else reads them.
            defer {
                accumulators = accumulated
                recordRow = keptRows
            }
            for row in 0..<count {
                let slot = Int(slots[row])
                let value = input[row]
                if slot == accumulated.count {
                    accumulated.append(value)
                    if needsRecords {
                        keptRows.append(Int32(records!.count))
                        records!.append(from: values, row: row)
                    }
                } else {
                    let current = accumulated[slot]
                    guard let next = kind.fold(current, value) else {
                        throw SpateError(.typeMismatch, "\(operatorName): the sum of field \(field ?? 0) overflows \(numbers.type.flinkName) (\(current) + \(value)); declare a wider type")
                    }
                    accumulated[slot] = next
                    if kind.keepsWholeRecord && (kind == .minBy ? value < current : value > current) {
                        keptRows[slot] = Int32(records!.count)
                        records!.append(from: values, row: row)
                    }
                }
                results?[row] = accumulated[slot]
                rowsOut?[row] = needsRecords ? keptRows[slot] : 0
            }
        }
        if !batchMode { resultValues.count = count }
        if !batchMode {
            try output.emit(RecordBatch(values: result(resultValues, rows: resultRows), timestamps: batch.timestamps))
        }
        resultRows.free()
        if let records, records.count > 2 * accumulators.count + 4096 { compact() }
    }

    func endOfInput(output: Collector) throws(SpateError) {
        guard batchMode, let numbersType, accumulators.count > 0 else { return }
        let values = PrimitiveColumn<Element>(type: numbersType, capacity: accumulators.count)
        for slot in 0..<accumulators.count { values.append(accumulators[slot]) }
        var rows = Buffer<Int32>()
        if records != nil { rows.append(contentsOf: UnsafeBufferPointer(recordRow.elements)) }
        defer { rows.free() }
        try output.emit(RecordBatch(values: result(values, rows: rows)))
    }

    /// The output records: the kept records with the aggregated field set (or the numbers alone).
    private func result(_ numbers: PrimitiveColumn<Element>, rows: Buffer<Int32>) -> Column {
        guard let records else { return numbers }
        let kept = records.gather(UnsafeBufferPointer(rows.elements), move: false)
        if kind.keepsWholeRecord { return kept }
        guard let field, let structure = kept as? StructColumn else { return numbers }
        return structure.replacingField(field, with: numbers)
    }

    private func compact() {
        guard let records else { return }
        self.records = records.gather(UnsafeBufferPointer(recordRow.elements), move: false)
        for slot in 0..<recordRow.count { recordRow[slot] = Int32(slot) }
    }
}
