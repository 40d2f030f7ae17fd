/// Projections and a filter over rows, evaluated natively a column at a time (Flink's Calc: the
/// `select` and `where` of the Table API and SQL). Rows whose condition is FALSE or NULL are dropped;
/// the others become rows of the projections' values, keeping their timestamps and row kinds.
/// Calls of Python functions (`udf`s) are host calls, one per batch and call site (Flink's
/// PythonCalc, here in the same operator).
final class CalcOperator: StreamOperator {
    let projections: [TypedExpression]
    let condition: TypedExpression?
    let outputType: DataType
    /// The host functions the expressions call, by their index in the node's `udfs`.
    let hostFunctions: [Int: any HostFunction]
    private var instances: [Int: BatchFunction] = [:]
    private var functions = UserFunctions()

    init(projections: [TypedExpression], condition: TypedExpression?, outputType: DataType,
         hostFunctions: [Int: any HostFunction] = [:]) {
        self.projections = projections
        self.condition = condition
        self.outputType = outputType
        self.hostFunctions = hostFunctions
    }

    func open(_ context: OperatorContext) throws(SpateError) {
        for (index, function) in hostFunctions {
            let instance = function.makeInstance()
            try instance.open(context)
            instances[index] = instance
        }
        functions = UserFunctions(instances)
    }

    func close() throws(SpateError) {
        let closers: [(() throws(SpateError) -> Void)?] = instances.values.map { $0.close }
        try closeAll(closers)
    }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        guard let rows = batch.values as? StructColumn else {
            throw SpateError(.runtime, "Calc: expected rows, got \(batch.values.type.flinkName)")
        }
        var kept = batch
        if let condition {
            let verdicts = try ExpressionEvaluator.evaluate(condition, over: rows, functions: functions)
            guard let bools = verdicts as? BoolColumn else { throw SpateError(.runtime, "Calc: the condition is not a boolean") }
            var selected = Buffer<Int32>(capacity: rows.count)
            defer { selected.free() }
            for row in 0..<rows.count where !bools.isNull(row) && bools[row] { selected.append(Int32(row)) }
            guard selected.count > 0 else { return }
            if selected.count < rows.count { kept = batch.gather(UnsafeBufferPointer(selected.elements), move: false) }
        }
        guard let keptRows = kept.values as? StructColumn else { return }
        let columns = try projections.map { projection throws(SpateError) in
            try ExpressionEvaluator.evaluate(projection, over: keptRows, functions: functions)
        }
        let values = StructColumn(type: outputType, fields: columns, count: keptRows.count, validity: nil)
        try output.emit(RecordBatch(values: values, timestamps: kept.timestamps, rowKinds: kept.rowKinds))
    }
}
