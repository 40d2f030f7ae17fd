/// A table function (a Python `udtf`) applied to each row: `flat_map` keeps its rows,
/// `join_lateral` joins each input row with the rows its call gave (`left_outer_join_lateral` also
/// keeps input rows it gave none, with NULLs), optionally filtered by a condition over the joined
/// row. One host call per batch (Flink's PythonCorrelate).
final class TableFunctionOperator: StreamOperator {
    /// The function's arguments over the input row; nil: the input row itself.
    let arguments: [TypedExpression]?
    let function: any HostFunction
    let keepInput: Bool
    let outer: Bool
    let condition: TypedExpression?
    let outputType: DataType
    private var instance: BatchFunction?

    init(arguments: [TypedExpression]?, function: any HostFunction, keepInput: Bool, outer: Bool,
         condition: TypedExpression?, outputType: DataType) {
        self.arguments = arguments
        self.function = function
        self.keepInput = keepInput
        self.outer = outer
        self.condition = condition
        self.outputType = outputType
    }

    func open(_ context: OperatorContext) throws(SpateError) {
        let instance = function.makeInstance()
        try instance.open(context)
        self.instance = instance
    }

    func close() throws(SpateError) { try instance?.close() }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        guard let rows = batch.values as? StructColumn, let instance else {
            throw SpateError(.runtime, "table function: expected rows, got \(batch.values.type.flinkName)")
        }
        let (parents, results) = try call(instance, over: rows)
        var picked = Buffer<Int32>(capacity: parents.count)  // per output row: its input row
        var resultRows = Buffer<Int32>(capacity: parents.count)  // and its result row (-1: none, NULLs)
        defer {
            picked.free()
            resultRows.free()
        }
        var next = 0
        for row in 0..<rows.count {
            let first = next
            while next < parents.count && parents[next] == Int64(row) {
                picked.append(Int32(row))
                resultRows.append(Int32(next))
                next += 1
            }
            if outer && next == first {
                picked.append(Int32(row))
                resultRows.append(-1)
            }
        }
        guard picked.count > 0 else { return }
        let resultColumns = Self.gather(results, rows: UnsafeBufferPointer(resultRows.elements))
        let inputRows = UnsafeBufferPointer(picked.elements)
        let inputColumns = keepInput ? rows.fields.map { $0.gather(inputRows, move: false) } : []
        let joined = StructColumn(type: outputType, fields: inputColumns + resultColumns, count: picked.count, validity: nil)
        var out = RecordBatch(values: joined, timestamps: batch.timestamps.map { $0.gather(inputRows, move: false) as! PrimitiveColumn<Int64> },
                              rowKinds: batch.rowKinds?.gather(inputRows))
        if let condition {
            let verdicts = try ExpressionEvaluator.evaluate(condition, over: joined)
            guard let bools = verdicts as? BoolColumn else { throw SpateError(.runtime, "join_lateral: the condition is not a boolean") }
            var kept = Buffer<Int32>(capacity: joined.count)
            defer { kept.free() }
            for row in 0..<joined.count where !bools.isNull(row) && bools[row] { kept.append(Int32(row)) }
            guard kept.count > 0 else { return }
            out = out.gather(UnsafeBufferPointer(kept.elements), move: false)
        }
        try output.emit(out)
    }

    /// The function's rows for a batch and, for each, the input row it came from. The rows'
    /// positions travel as the call's timestamps: a flat-map call stamps each output with its input
    /// row's, so they come back naming each output's input row.
    private func call(_ instance: BatchFunction, over rows: StructColumn) throws(SpateError) -> ([Int64], StructColumn) {
        let arguments: Column
        if let typed = self.arguments {
            let columns = try typed.map { argument throws(SpateError) in try ExpressionEvaluator.evaluate(argument, over: rows) }
            arguments = UserFunctions.argumentColumn(columns, types: typed.map(\.type), rows: rows.count)
        } else {
            arguments = rows
        }
        let positions = PrimitiveColumn<Int64>(type: .int64, capacity: rows.count)
        for row in 0..<rows.count { positions.append(Int64(row)) }
        let resultType = DataType.row(Array((outputType.fields ?? []).suffix(from: keepInput ? rows.fields.count : 0)))
        guard let result = try instance.apply(RecordBatch(values: arguments, timestamps: positions)), result.count > 0 else {
            return ([], StructColumn(type: resultType))
        }
        guard let values = result.values as? StructColumn, let parents = result.timestamps else {
            throw SpateError(.runtime, "table function: its rows came back without their input rows")
        }
        return ((0..<parents.count).map { parents[$0] }, values)
    }

    /// Rows `rows` of `results` (-1: a row of NULLs), one column per result field.
    private static func gather(_ results: StructColumn, rows: UnsafeBufferPointer<Int32>) -> [Column] {
        results.fields.map { field in
            let column = field.makeEmpty(capacity: rows.count)
            for row in rows {
                if row < 0 { column.appendNull() } else { column.append(from: field, row: Int(row)) }
            }
            return column
        }
    }
}
