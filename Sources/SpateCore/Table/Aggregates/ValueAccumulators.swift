/// MIN, MAX, FIRST_VALUE, LAST_VALUE and LISTAGG: aggregates that keep values, NULLs ignored.

/// MIN, MAX, FIRST_VALUE and LAST_VALUE. Over an insert-only input a group keeps its one result;
/// over a changelog it keeps its values in arrival order, so a retraction can take one back.
final class ValueAccumulators<Value: AggregateValue>: OneValueAccumulators {
    private let function: AggregateFunction
    private let retracting: Bool
    private var results: [Value?] = []
    private var histories: [[Value]] = []
    private var argument: Column?
    var remembered: Value? = nil

    init(_ function: AggregateFunction, retracting: Bool) {
        self.function = function
        self.retracting = retracting
    }

    func read(_ arguments: [Column]) throws(SpateError) {
        argument = try argumentColumn(arguments, as: Value.self, text: function.rawValue)
    }

    func grow(to slots: Int) {
        while results.count < slots {
            results.append(nil)
            if retracting { histories.append([]) }
        }
    }

    func add(row: Int, to slot: Int) throws(SpateError) {
        guard let argument, !argument.isNull(row) else { return }
        let value = Value.read(argument, row)
        if retracting {
            histories[slot].append(value)
            return
        }
        guard let current = results[slot] else {
            results[slot] = value
            return
        }
        switch function {
        case .min: if value < current { results[slot] = value }
        case .max: if value > current { results[slot] = value }
        case .lastValue: results[slot] = value
        default: break  // FIRST_VALUE keeps the first
        }
    }

    func retract(row: Int, from slot: Int) throws(SpateError) {
        guard retracting, let argument, !argument.isNull(row) else { return }
        let value = Value.read(argument, row)
        if let position = histories[slot].firstIndex(of: value) { histories[slot].remove(at: position) }
    }

    func result(_ slot: Int) -> Value? {
        guard retracting else { return results[slot] }
        let values = histories[slot]
        switch function {
        case .min: return values.min()
        case .max: return values.max()
        case .firstValue: return values.first
        default: return values.last
        }
    }

    func clear(_ slot: Int) {
        results[slot] = nil
        if retracting { histories[slot] = [] }
    }
}

/// LISTAGG(s[, separator]): a group's strings in arrival order joined by the separator (`,`).
final class ListAggAccumulators: OneValueAccumulators {
    private let separator: String
    private var lists: [[String]] = []
    private var argument: Column?
    var remembered: String? = nil

    init(separator: String) { self.separator = separator }

    func read(_ arguments: [Column]) throws(SpateError) {
        argument = try argumentColumn(arguments, as: String.self, text: AggregateFunction.listAgg.rawValue)
    }

    func grow(to slots: Int) { while lists.count < slots { lists.append([]) } }

    func add(row: Int, to slot: Int) throws(SpateError) {
        guard let argument, !argument.isNull(row) else { return }
        lists[slot].append(String.read(argument, row))
    }

    func retract(row: Int, from slot: Int) throws(SpateError) {
        guard let argument, !argument.isNull(row) else { return }
        if let position = lists[slot].firstIndex(of: String.read(argument, row)) { lists[slot].remove(at: position) }
    }

    func result(_ slot: Int) -> String? { lists[slot].isEmpty ? nil : lists[slot].joined(separator: separator) }

    func clear(_ slot: Int) { lists[slot] = [] }
}

/// An aggregate over distinct values (`count(DISTINCT x)`, `col('x').count.distinct`): a value
/// reaches the inner aggregate when it first appears in a group, and leaves it when its last
/// occurrence is retracted.
final class DistinctAccumulators: GroupAccumulators {
    private let inner: GroupAccumulators
    private let text: String
    /// How often each (group, value) occurs, by the value's byte encoding after the group's slot.
    private var occurrences: [[UInt8]: Int] = [:]
    private var argument: Column?
    private var encoded: [UInt8] = []

    init(inner: GroupAccumulators, text: String) {
        self.inner = inner
        self.text = text
    }

    func read(_ arguments: [Column]) throws(SpateError) {
        argument = arguments.first
        try inner.read(arguments)
    }

    func grow(to slots: Int) { inner.grow(to: slots) }

    func add(row: Int, to slot: Int) throws(SpateError) {
        let key = try occurrenceKey(slot, row)
        let seen = occurrences[key, default: 0]
        occurrences[key] = seen + 1
        if seen == 0 { try inner.add(row: row, to: slot) }
    }

    func retract(row: Int, from slot: Int) throws(SpateError) {
        let key = try occurrenceKey(slot, row)
        guard let seen = occurrences[key] else { return }
        if seen == 1 {
            occurrences[key] = nil
            try inner.retract(row: row, from: slot)
        } else {
            occurrences[key] = seen - 1
        }
    }

    private func occurrenceKey(_ slot: Int, _ row: Int) throws(SpateError) -> [UInt8] {
        encoded.removeAll(keepingCapacity: true)
        withUnsafeBytes(of: Int64(slot).littleEndian) { encoded.append(contentsOf: $0) }
        guard let argument else { return encoded }
        try KeyIndex.encode(argument, row: row, into: &encoded)
        return encoded
    }

    func remember(_ slot: Int) { inner.remember(slot) }
    func changedSinceRemembered(_ slot: Int) -> Bool { inner.changedSinceRemembered(slot) }
    func appendRemembered(to column: Column) { inner.appendRemembered(to: column) }
    func appendResult(of slot: Int, to column: Column) throws(SpateError) { try inner.appendResult(of: slot, to: column) }
    func clear(_ slot: Int) {
        inner.clear(slot)
        occurrences = occurrences.filter { key, _ in
            key.prefix(8).withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(as: Int64.self)) } != Int64(slot)
        }
    }
}
