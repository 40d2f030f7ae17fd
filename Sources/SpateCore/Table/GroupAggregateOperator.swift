/// A group aggregation (`group_by(...).select(aggregates)`, SQL's GROUP BY) over rows
/// `(keys..., arguments...)` keyed by group: per group the rows `(keys..., results...)`, of which
/// it emits what is selected.
///
/// In streaming mode it emits a changelog, row by row as Flink's GroupAggFunction: a group's first
/// row inserts its result (+I); a later row that changes it retracts the old result (-U) and sends
/// the new (+U); a row that leaves every result as it was sends nothing; a retraction that empties
/// a group deletes its result (-D). Retractions (-U, -D) of its input are taken back from the
/// accumulators. In batch mode it emits each group's final result once, at the end of its input.
final class GroupAggregateOperator: StreamOperator {
    private let keyCount: Int
    private let calls: [AggregateCall]
    /// Per call: the positions of its arguments in the input row.
    private let argumentPositions: [[Int]]
    private let retracting: Bool
    private let aggregatedType: DataType
    /// What is selected, over the rows `(keys..., results...)`.
    private let selection: [TypedExpression]
    private let outputType: DataType
    private var accumulators: [GroupAccumulators] = []
    private let keyIndex = KeyIndex()
    /// Per group: how many of its rows are accumulated (Flink's record counter).
    private var rowCounts: [Int64] = []
    /// Per group: its key values, one column per grouping expression.
    private var groupKeys: [Column] = []
    private var batchMode = false
    private var operatorName = ""

    init(keyCount: Int, calls: [AggregateCall], argumentPositions: [[Int]], retracting: Bool,
         aggregatedType: DataType, selection: [TypedExpression], outputType: DataType) {
        self.keyCount = keyCount
        self.calls = calls
        self.argumentPositions = argumentPositions
        self.retracting = retracting
        self.aggregatedType = aggregatedType
        self.selection = selection
        self.outputType = outputType
    }

    func open(_ context: OperatorContext) throws(SpateError) {
        batchMode = context.runtimeMode == .batch
        operatorName = context.operatorName
        accumulators = try calls.map { call throws(SpateError) in try call.makeAccumulators(retracting: retracting) }
        groupKeys = (aggregatedType.fields ?? []).prefix(keyCount).map { Column.make($0.type) }
    }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        guard let rows = batch.values as? StructColumn, let keys = batch.keys else {
            throw SpateError(.runtime, "\(operatorName): expected keyed rows")
        }
        let slots = try keyIndex.slots(for: keys)
        for (accumulator, positions) in zip(accumulators, argumentPositions) {
            try accumulator.read(positions.map { rows.fields[$0] })
        }
        if batchMode && batch.rowKinds == nil {
            try accumulateInserts(rows, slots: UnsafeBufferPointer(slots))
            return
        }
        let changes = Changes(resultTypes: calls.map(\.resultType))
        for row in 0..<rows.count {
            let slot = Int(slots[row])
            if slot == rowCounts.count {
                rowCounts.append(0)
                for key in 0..<keyCount { groupKeys[key].append(from: rows.fields[key], row: row) }
                for accumulator in accumulators { accumulator.grow(to: slot + 1) }
            }
            let kind = batch.rowKind(row)
            let adds = kind == .insert || kind == .updateAfter
            let firstRow = rowCounts[slot] == 0
            // Flink drops a retraction of a group it does not hold (its state expired or never was).
            if firstRow && !adds { continue }
            if batchMode {
                for accumulator in accumulators { try accumulator.add(row: row, to: slot) }
                rowCounts[slot] += 1
                continue
            }
            if !firstRow { for accumulator in accumulators { accumulator.remember(slot) } }
            for accumulator in accumulators {
                if adds { try accumulator.add(row: row, to: slot) } else { try accumulator.retract(row: row, from: slot) }
            }
            rowCounts[slot] += adds ? 1 : -1
            if rowCounts[slot] == 0 {
                // The group's last row was taken back: its result is deleted.
                changes.appendRemembered(accumulators, slot: slot, kind: .delete)
                for accumulator in accumulators { accumulator.clear(slot) }
            } else if firstRow {
                try changes.appendResult(accumulators, slot: slot, kind: .insert)
            } else if accumulators.contains(where: { $0.changedSinceRemembered(slot) }) {
                changes.appendRemembered(accumulators, slot: slot, kind: .updateBefore)
                try changes.appendResult(accumulators, slot: slot, kind: .updateAfter)
            }
        }
        try emit(changes, output: output)
    }

    /// Batch mode over inserts: the groups first, then each accumulator over the whole batch (a
    /// loop of its own, not a call per row).
    private func accumulateInserts(_ rows: StructColumn, slots: UnsafeBufferPointer<Int64>) throws(SpateError) {
        for row in 0..<rows.count {
            let slot = Int(slots[row])
            if slot == rowCounts.count {
                rowCounts.append(0)
                for key in 0..<keyCount { groupKeys[key].append(from: rows.fields[key], row: row) }
            }
            rowCounts[slot] += 1
        }
        for accumulator in accumulators {
            accumulator.grow(to: rowCounts.count)
            try accumulator.add(rows: rows.count, to: slots)
        }
    }

    func endOfInput(output: Collector) throws(SpateError) {
        guard batchMode else { return }
        let changes = Changes(resultTypes: calls.map(\.resultType))
        if keyCount == 0 && rowCounts.isEmpty {
            // A batch aggregate of a whole empty table is one row (COUNT 0, SUM NULL), as in SQL.
            for accumulator in accumulators { accumulator.grow(to: 1) }
            try changes.appendResult(accumulators, slot: 0, kind: .insert)
        }
        for slot in rowCounts.indices where rowCounts[slot] > 0 {
            try changes.appendResult(accumulators, slot: slot, kind: .insert)
        }
        try emit(changes, output: output)
    }

    private func emit(_ changes: Changes, output: Collector) throws(SpateError) {
        let count = changes.slots.count
        guard count > 0 else { return }
        let keyColumns = changes.slots.withUnsafeBufferPointer { slots in groupKeys.map { $0.gather(slots, move: false) } }
        let aggregated = StructColumn(type: aggregatedType, fields: keyColumns + changes.results, count: count, validity: nil)
        let selected = try selection.map { expression throws(SpateError) in try ExpressionEvaluator.evaluate(expression, over: aggregated) }
        try output.emit(RecordBatch(values: StructColumn(type: outputType, fields: selected, count: count, validity: nil),
                                    kinds: changes.kinds))
    }
}

/// The rows a batch of input makes: each one's group, kind and results.
private final class Changes {
    var slots: [Int32] = []
    var kinds: [RowKind] = []
    let results: [Column]

    init(resultTypes: [DataType]) { results = resultTypes.map { Column.make($0) } }

    func appendRemembered(_ accumulators: [GroupAccumulators], slot: Int, kind: RowKind) {
        for (accumulator, column) in zip(accumulators, results) { accumulator.appendRemembered(to: column) }
        slots.append(Int32(slot))
        kinds.append(kind)
    }

    func appendResult(_ accumulators: [GroupAccumulators], slot: Int, kind: RowKind) throws(SpateError) {
        for (accumulator, column) in zip(accumulators, results) { try accumulator.appendResult(of: slot, to: column) }
        slots.append(Int32(slot))
        kinds.append(kind)
    }
}
