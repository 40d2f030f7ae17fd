/// The state of one aggregate call for every group a subtask holds (groups are dense slot numbers,
/// made room for by `grow`), and the results it appends to the operator's output.
///
/// Per input row the operator calls `remember` (when it may emit the row before a change), then
/// `add` or `retract`, then compares with `changedSinceRemembered`, as Flink's GroupAggFunction does.
protocol GroupAccumulators: AnyObject {
    /// Reads its arguments from these columns while a batch is processed (none for COUNT(*)).
    func read(_ arguments: [Column]) throws(SpateError)
    /// Makes room for `slots` groups (new groups start empty).
    func grow(to slots: Int)
    func add(row: Int, to slot: Int) throws(SpateError)
    /// Adds rows 0..<rows, row r to slot `slots[r]` (what batch mode does with a batch of inserts).
    func add(rows: Int, to slots: UnsafeBufferPointer<Int64>) throws(SpateError)
    func retract(row: Int, from slot: Int) throws(SpateError)
    /// Keeps the slot's current result, to compare with and to emit as the row before a change.
    func remember(_ slot: Int)
    func changedSinceRemembered(_ slot: Int) -> Bool
    func appendRemembered(to column: Column)
    func appendResult(of slot: Int, to column: Column) throws(SpateError)
    /// Forgets the slot's values (every row it had was retracted).
    func clear(_ slot: Int)
}

/// Accumulators whose result for a group is one value or NULL: remembering, comparing and
/// appending it is the same for all of them.
protocol OneValueAccumulators: GroupAccumulators {
    associatedtype Result: AggregateValue
    var remembered: Result? { get set }
    func result(_ slot: Int) -> Result?
}

extension GroupAccumulators {
    func add(rows: Int, to slots: UnsafeBufferPointer<Int64>) throws(SpateError) {
        for row in 0..<rows { try add(row: row, to: Int(slots[row])) }
    }
}

extension OneValueAccumulators {
    func remember(_ slot: Int) { remembered = result(slot) }
    func changedSinceRemembered(_ slot: Int) -> Bool { result(slot) != remembered }
    func appendRemembered(to column: Column) { append(remembered, to: column) }
    func appendResult(of slot: Int, to column: Column) throws(SpateError) { append(result(slot), to: column) }

    private func append(_ value: Result?, to column: Column) {
        if let value { Result.append(value, to: column) } else { column.appendNull() }
    }
}

/// One aggregate call as the planner resolved it.
struct AggregateCall: Sendable {
    let function: AggregateFunction
    let distinct: Bool
    /// The types of its arguments (the separator of `list_agg` is a literal, not among them).
    let argumentType: DataType
    let separator: String?
    let resultType: DataType
    let text: String

    /// Accumulators for it; `retracting` when the input is a changelog with retractions.
    func makeAccumulators(retracting: Bool) throws(SpateError) -> GroupAccumulators {
        let inner = try makePlain(retracting: retracting || distinct)
        return distinct ? DistinctAccumulators(inner: inner, text: text) : inner
    }

    private func makePlain(retracting: Bool) throws(SpateError) -> GroupAccumulators {
        let type = argumentType
        switch function {
        case .count:
            return CountAccumulators()
        case .sum, .sum0:
            switch type.base {
            case .int8: return SumAccumulators<Int8>(text: text, orZero: function == .sum0)
            case .int16: return SumAccumulators<Int16>(text: text, orZero: function == .sum0)
            case .int32: return SumAccumulators<Int32>(text: text, orZero: function == .sum0)
            case .int64: return SumAccumulators<Int64>(text: text, orZero: function == .sum0)
            case .float32: return SumAccumulators<Float>(text: text, orZero: function == .sum0)
            case .float64: return SumAccumulators<Double>(text: text, orZero: function == .sum0)
            default: break
            }
        case .avg, .stddevPop, .stddevSamp, .varPop, .varSamp:
            if NumericRank(type) != nil { return MomentAccumulators(function, argumentType: type, text: text) }
        case .min, .max, .firstValue, .lastValue:
            switch type.base {
            case .int8: return ValueAccumulators<Int8>(function, retracting: retracting)
            case .int16: return ValueAccumulators<Int16>(function, retracting: retracting)
            case .int32, .date: return ValueAccumulators<Int32>(function, retracting: retracting)
            case .int64, .time, .timestamp, .timestampLTZ: return ValueAccumulators<Int64>(function, retracting: retracting)
            case .float32: return ValueAccumulators<Float>(function, retracting: retracting)
            case .float64: return ValueAccumulators<Double>(function, retracting: retracting)
            case .string, .char: return ValueAccumulators<String>(function, retracting: retracting)
            default: break
            }
        case .listAgg:
            return ListAggAccumulators(separator: separator ?? ",")
        }
        throw .invalid("\(text): \(function.rawValue) does not take \(type.sqlName)")
    }
}

/// Values an accumulator keeps and compares: numbers and strings, read from and appended to their columns.
protocol AggregateValue: Comparable {
    static func accepts(_ column: Column) -> Bool
    static func read(_ column: Column, _ row: Int) -> Self
    static func append(_ value: Self, to column: Column)
}

extension AggregateValue where Self: PrimitiveElement {
    static func accepts(_ column: Column) -> Bool { column is PrimitiveColumn<Self> }
    static func read(_ column: Column, _ row: Int) -> Self { unsafeDowncast(column, to: PrimitiveColumn<Self>.self)[row] }
    static func append(_ value: Self, to column: Column) { unsafeDowncast(column, to: PrimitiveColumn<Self>.self).append(value) }
}

extension Int8: AggregateValue {}
extension Int16: AggregateValue {}
extension Int32: AggregateValue {}
extension Int64: AggregateValue {}
extension Float: AggregateValue {}
extension Double: AggregateValue {}

extension String: AggregateValue {
    static func accepts(_ column: Column) -> Bool { column is StringColumn }
    static func read(_ column: Column, _ row: Int) -> String { unsafeDowncast(column, to: StringColumn.self)[row] }
    static func append(_ value: String, to column: Column) { unsafeDowncast(column, to: StringColumn.self).append(value) }
}

/// The argument column an accumulator reads, checked to hold `Value`s.
func argumentColumn<Value: AggregateValue>(_ arguments: [Column], as _: Value.Type, text: String) throws(SpateError) -> Column {
    guard let column = arguments.first, Value.accepts(column) else {
        throw SpateError(.runtime, "\(text): its argument column is \(arguments.first?.type.sqlName ?? "missing")")
    }
    return column
}
