/// Keys each record by one field of its tuple or row (the native form of `key_by(lambda t: t[i])`).
public final class KeyByField: BatchFunction {
    let field: Int

    public init(_ field: Int) { self.field = field }

    public func apply(_ batch: RecordBatch) throws(SpateError) -> RecordBatch? {
        guard let structure = batch.values as? StructColumn, structure.fields.indices.contains(field) else {
            throw SpateError(.runtime, "key_by: field \(field) is not a field of \(batch.values.type.flinkName)")
        }
        return RecordBatch(values: batch.values, keys: structure.fields[field], timestamps: batch.timestamps,
                           rowKinds: batch.rowKinds)
    }
}

/// Keys every record with the same key (0): the form of a non-keyed window (`window_all`).
public final class KeyByConstant: BatchFunction {
    public init() {}

    public func apply(_ batch: RecordBatch) throws(SpateError) -> RecordBatch? {
        let keys = PrimitiveColumn<Int64>(type: .int64, capacity: batch.count)
        keys.values.extend(by: batch.count).initialize(repeating: 0, count: batch.count)
        keys.count = batch.count
        return RecordBatch(values: batch.values, keys: keys, timestamps: batch.timestamps, rowKinds: batch.rowKinds)
    }
}
