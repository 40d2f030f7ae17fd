/// The built-in aggregate functions of the Table API and SQL, by their plan names, with Flink's
/// result types.
public enum AggregateFunction: String, Sendable, CaseIterable, Decodable {
    case count, sum, sum0, avg, min, max
    case firstValue = "first_value", lastValue = "last_value", listAgg = "list_agg"
    case stddevPop = "stddev_pop", stddevSamp = "stddev_samp", varPop = "var_pop", varSamp = "var_samp"

    /// How many arguments it takes: `list_agg` may have a separator.
    var arity: ClosedRange<Int> { self == .listAgg ? 1...2 : 1...1 }

    var isVariance: Bool { [.stddevPop, .stddevSamp, .varPop, .varSamp].contains(self) }

    /// Flink's result type for an argument of `argument` (nil: the function does not take it).
    /// COUNT and SUM0 are never NULL; the others are NULL over no values.
    func resultType(_ argument: DataType) -> DataType? {
        valueType(argument).map { self == .count || self == .sum0 ? $0 : .nullable($0.base) }
    }

    private func valueType(_ argument: DataType) -> DataType? {
        switch self {
        case .count:
            return .notNull(.int64)
        case .sum, .avg, .stddevPop, .stddevSamp, .varPop, .varSamp:
            return NumericRank(argument).map { $0.type }
        case .sum0:
            return NumericRank(argument).map { .notNull($0.type) }
        case .min, .max:
            return Self.isOrdered(argument) ? argument.base : nil
        case .firstValue, .lastValue:
            return argument.base.isComposite || argument.base == .object ? nil : argument.base
        case .listAgg:
            return [.string, .char].contains(argument.base) ? .string : nil
        }
    }

    /// The types MIN and MAX order: numbers, strings, dates and times.
    static func isOrdered(_ type: DataType) -> Bool {
        if NumericRank(type) != nil { return true }
        switch type.base {
        case .string, .char, .date, .time, .timestamp, .timestampLTZ: return true
        default: return false
        }
    }
}
