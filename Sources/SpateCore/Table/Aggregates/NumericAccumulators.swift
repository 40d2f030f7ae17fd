/// COUNT, SUM, SUM0, AVG and the variances, as Flink computes them.

/// COUNT(x): the rows whose argument is not NULL (`count(lit(1))` counts every row).
final class CountAccumulators: OneValueAccumulators {
    private var counts: [Int64] = []
    private var argument: Column?
    var remembered: Int64? = nil

    func read(_ arguments: [Column]) throws(SpateError) { argument = arguments.first }

    func grow(to slots: Int) { while counts.count < slots { counts.append(0) } }

    func add(row: Int, to slot: Int) throws(SpateError) {
        if argument?.isNull(row) != true { counts[slot] += 1 }
    }

    func add(rows: Int, to slots: UnsafeBufferPointer<Int64>) throws(SpateError) {
        let values = argument.flatMap { $0.nullCount > 0 ? $0 : nil }  // nil: every row counts
        counts.withUnsafeMutableBufferPointer { counts in
            for row in 0..<rows where values?.isNull(row) != true { counts[Int(slots[row])] += 1 }
        }
    }

    func retract(row: Int, from slot: Int) throws(SpateError) {
        if argument?.isNull(row) != true { counts[slot] -= 1 }
    }

    func result(_ slot: Int) -> Int64? { counts[slot] }
    func clear(_ slot: Int) { counts[slot] = 0 }
}

/// SUM (NULL over no values) and SUM0 (0 over no values), in the argument's type. Where Flink wraps
/// an integer sum past its type's range, this is an error naming the aggregate.
final class SumAccumulators<Element: PrimitiveElement & AggregateValue>: OneValueAccumulators {
    private let text: String
    private let orZero: Bool
    private var sums: [Element] = []
    private var counts: [Int64] = []
    private var argument: Column?
    var remembered: Element? = nil

    init(text: String, orZero: Bool) {
        self.text = text
        self.orZero = orZero
    }

    func read(_ arguments: [Column]) throws(SpateError) { argument = try argumentColumn(arguments, as: Element.self, text: text) }

    func grow(to slots: Int) {
        while sums.count < slots {
            sums.append(.zero)
            counts.append(0)
        }
    }

    func add(row: Int, to slot: Int) throws(SpateError) { try change(slot, row, adding: true) }
    func retract(row: Int, from slot: Int) throws(SpateError) { try change(slot, row, adding: false) }

    func add(rows: Int, to slots: UnsafeBufferPointer<Int64>) throws(SpateError) {
        guard let argument = argument as? PrimitiveColumn<Element>, argument.nullCount == 0 else {
            for row in 0..<rows { try change(Int(slots[row]), row, adding: true) }
            return
        }
        let values = argument.values
        var failed: Int? = nil
        sums.withUnsafeMutableBufferPointer { sums in
            counts.withUnsafeMutableBufferPointer { counts in
                for row in 0..<rows {
                    let slot = Int(slots[row])
                    guard let next = Element.checkedAdd(sums[slot], values[row]) else { failed = row; return }
                    sums[slot] = next
                    counts[slot] += 1
                }
            }
        }
        // The row that overflows is added the slow way, which says so.
        if let failed { try change(Int(slots[failed]), failed, adding: true) }
    }

    private func change(_ slot: Int, _ row: Int, adding: Bool) throws(SpateError) {
        guard let argument, !argument.isNull(row) else { return }
        let value = Element.read(argument, row)
        guard let next = adding ? Element.checkedAdd(sums[slot], value) : Element.checkedSubtract(sums[slot], value) else {
            throw SpateError(.typeMismatch, "\(text) overflows \(argument.type.base.sqlName) (\(sums[slot]) \(adding ? "+" : "-") \(value)); "
                             + "cast the argument to a wider type, such as .cast(DataTypes.BIGINT())")
        }
        sums[slot] = next
        counts[slot] += adding ? 1 : -1
    }

    func result(_ slot: Int) -> Element? { counts[slot] > 0 || orZero ? sums[slot] : nil }

    func clear(_ slot: Int) {
        sums[slot] = .zero
        counts[slot] = 0
    }
}

/// AVG, VAR_POP, VAR_SAMP, STDDEV_POP and STDDEV_SAMP from a group's count, sum and sum of squares,
/// by Flink's formulas: `(Σx² - (Σx)²/n) / n` (`n - 1` for the sample forms, NULL when n is 1), the
/// standard deviations its square root. Integer arguments give integers as in Flink (AVG(INT) and
/// VAR_POP(INT) are INT): the exact value truncated; they are summed as BIGINT, so nothing wraps.
final class MomentAccumulators: GroupAccumulators {
    private let function: AggregateFunction
    private let exact: Bool
    private let text: String
    private var counts: [Int64] = []
    private var exactSums: [Int64] = [], exactSquares: [Int64] = []
    private var sums: [Double] = [], squares: [Double] = []
    private var argument: Column?
    private var remembered: Moment = .null

    enum Moment: Equatable {
        case null, exact(Int64), approximate(Double)
    }

    init(_ function: AggregateFunction, argumentType: DataType, text: String) {
        self.function = function
        self.exact = NumericRank(argumentType)?.isExact ?? false
        self.text = text
    }

    func read(_ arguments: [Column]) throws(SpateError) { argument = arguments.first }

    func grow(to slots: Int) {
        while counts.count < slots {
            counts.append(0)
            if exact { exactSums.append(0); exactSquares.append(0) } else { sums.append(0); squares.append(0) }
        }
    }

    func add(row: Int, to slot: Int) throws(SpateError) { try change(slot, row, sign: 1) }
    func retract(row: Int, from slot: Int) throws(SpateError) { try change(slot, row, sign: -1) }

    private func change(_ slot: Int, _ row: Int, sign: Int64) throws(SpateError) {
        guard let argument, !argument.isNull(row), let number = Numeric.value(argument, row) else { return }
        counts[slot] += sign
        switch number {
        case .exact(let value):
            let (square, squareOverflow) = value.multipliedReportingOverflow(by: value)
            let (sum, sumOverflow) = exactSums[slot].addingReportingOverflow(sign * value)
            let (squares, squaresOverflow) = exactSquares[slot].addingReportingOverflow(sign * square)
            guard !(squareOverflow || sumOverflow || squaresOverflow) else {
                throw SpateError(.typeMismatch, "\(text): the sums of the values overflow BIGINT; cast the argument to DOUBLE")
            }
            exactSums[slot] = sum
            exactSquares[slot] = squares
        case .approximate(let value):
            sums[slot] += Double(sign) * value
            squares[slot] += Double(sign) * value * value
        }
    }

    private func result(_ slot: Int) -> Moment {
        let n = counts[slot]
        guard n > 0 else { return .null }
        let sample = function == .varSamp || function == .stddevSamp
        if sample && n == 1 { return .null }
        let divisor = sample ? n - 1 : n
        let root = function == .stddevPop || function == .stddevSamp
        if exact {
            let sum = exactSums[slot]
            if function == .avg { return .exact(sum / n) }
            // Exactly, then truncated, as Flink's result: (nΣx² - (Σx)²) / (n·divisor).
            let numerator = Int128(n) * Int128(exactSquares[slot]) - Int128(sum) * Int128(sum)
            let denominator = Int128(n) * Int128(divisor)
            if root { return .exact(Int64((Double(numerator) / Double(denominator)).squareRoot())) }
            return .exact(Int64(clamping: numerator / denominator))
        }
        let sum = sums[slot]
        if function == .avg { return .approximate(sum / Double(n)) }
        let variance = (squares[slot] - sum * sum / Double(n)) / Double(divisor)
        return .approximate(root ? variance.squareRoot() : variance)
    }

    func remember(_ slot: Int) { remembered = result(slot) }
    func changedSinceRemembered(_ slot: Int) -> Bool { result(slot) != remembered }
    func appendRemembered(to column: Column) { try? append(remembered, to: column) }
    func appendResult(of slot: Int, to column: Column) throws(SpateError) { try append(result(slot), to: column) }

    private func append(_ moment: Moment, to column: Column) throws(SpateError) {
        switch moment {
        case .null: column.appendNull()
        case .exact(let value):
            do throws(SpateError) { try column.appendInt(value) } catch {
                throw SpateError(.typeMismatch, "\(text) is \(value), which does not fit \(column.type.base.sqlName); "
                                 + "cast the argument to a wider type")
            }
        case .approximate(let value): try column.appendFloat(value)
        }
    }

    func clear(_ slot: Int) {
        counts[slot] = 0
        if exact { exactSums[slot] = 0; exactSquares[slot] = 0 } else { sums[slot] = 0; squares[slot] = 0 }
    }
}
