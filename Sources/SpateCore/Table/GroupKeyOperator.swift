/// The step before a group aggregation: evaluates the grouping expressions and the aggregates'
/// arguments over each row, as one row `(keys..., arguments...)`, and keys the batch by the
/// grouping values (a row of them), so the aggregation's input is hash-partitioned by group. With
/// no grouping expressions every row has the same key: one group, the whole table.
final class GroupKeyOperator: StreamOperator {
    let keys: [TypedExpression]
    let arguments: [TypedExpression]
    let outputType: DataType
    let keyType: DataType

    init(keys: [TypedExpression], arguments: [TypedExpression], outputType: DataType) {
        self.keys = keys
        self.arguments = arguments
        self.outputType = outputType
        self.keyType = .row(keys.enumerated().map { DataType.Field("k\($0.offset)", $0.element.type) })
    }

    func process(_ batch: RecordBatch, input: Int, output: Collector) throws(SpateError) {
        guard let rows = batch.values as? StructColumn else {
            throw SpateError(.runtime, "GroupKey: expected rows, got \(batch.values.type.flinkName)")
        }
        let keyColumns = try keys.map { key throws(SpateError) in try ExpressionEvaluator.evaluate(key, over: rows) }
        let argumentColumns = try arguments.map { argument throws(SpateError) in try ExpressionEvaluator.evaluate(argument, over: rows) }
        let groupKeys: Column
        if keyColumns.isEmpty {
            groupKeys = PrimitiveColumn<Int64>.sameKey(count: rows.count)
        } else {
            groupKeys = StructColumn(type: keyType, fields: keyColumns, count: rows.count, validity: nil)
        }
        let values = StructColumn(type: outputType, fields: keyColumns + argumentColumns, count: rows.count, validity: nil)
        try output.emit(RecordBatch(values: values, keys: groupKeys, timestamps: batch.timestamps, rowKinds: batch.rowKinds))
    }
}

extension PrimitiveColumn where Element == Int64 {
    /// `count` keys of one value: a table keyed as one group (an aggregate of a whole table, a join
    /// without keys), so one subtask and one key slot see every row.
    static func sameKey(count: Int) -> PrimitiveColumn<Int64> {
        let zeros = PrimitiveColumn<Int64>(type: .int64, capacity: count)
        zeros.extendValues(by: count).initialize(repeating: 0, count: count)
        return zeros
    }
}
