/// The step before a join, one per side: evaluates the side's join keys over each row and keys the
/// batch by them (a row of the key values), so both sides' rows of equal keys meet in the same join
/// subtask and key slot. The rows pass on unchanged. Without keys (a cross join) every row has the
/// same key.
final class JoinKeyOperator: StreamOperator {
    let keys: [TypedExpression]
    let keyType: DataType

    init(keys: [TypedExpression], keyType: DataType) {
        self.keys = keys
        self.keyType = keyType
    }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        guard let rows = batch.values as? StructColumn else {
            throw SpateError(.runtime, "JoinKey: expected rows, got \(batch.values.type.flinkName)")
        }
        let joinKeys: Column
        if keys.isEmpty {
            joinKeys = PrimitiveColumn<Int64>.sameKey(count: rows.count)
        } else {
            let columns = try keys.map { key throws(SpateError) in try ExpressionEvaluator.evaluate(key, over: rows) }
            joinKeys = StructColumn(type: keyType, fields: columns, count: rows.count, validity: nil)
        }
        try output.emit(RecordBatch(values: rows, keys: joinKeys, timestamps: batch.timestamps, rowKinds: batch.rowKinds))
    }
}
