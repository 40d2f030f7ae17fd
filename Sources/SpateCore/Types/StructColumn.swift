/// A column of tuples or rows: one child column per field (Arrow's struct layout).
public final class StructColumn: Column {
    public private(set) var fields: [Column]

    public init(type: DataType, capacity: Int = 0) {
        fields = (type.storageFields ?? []).map { Column.make($0.type, capacity: capacity) }
        super.init(type: type)
    }

    init(type: DataType, fields: [Column], count: Int, validity: Bitmap?) {
        self.fields = fields
        super.init(type: type)
        self.count = count
        self.validity = validity
    }

    public override func appendNull() {
        for field in fields { field.appendNull() }
        noteAppended(valid: false)
    }

    public override func appendStruct() throws(SpateError) {
        for (index, field) in fields.enumerated() where field.count != count + 1 {
            throw SpateError(.typeMismatch,
                             "field \(index) of \(type) has \(field.count - count) values for one row")
        }
        noteAppended(valid: true)
    }

    public override func append(from other: Column, row: Int) {
        let source = unsafeDowncast(other, to: StructColumn.self)
        for (field, sourceField) in zip(fields, source.fields) { field.append(from: sourceField, row: row) }
        noteAppended(valid: !source.isNull(row))
    }

    public override func appendRows(from other: Column, count: Int) {
        let source = unsafeDowncast(other, to: StructColumn.self)
        for (field, sourceField) in zip(fields, source.fields) { field.appendRows(from: sourceField, count: count) }
        for row in 0..<count { noteAppended(valid: !source.isNull(row)) }
    }

    public override func gather(_ indices: UnsafeBufferPointer<Int32>, move: Bool) -> Column {
        StructColumn(type: type, fields: fields.map { $0.gather(indices, move: move) }, count: indices.count,
                     validity: gatherValidity(indices))
    }

    /// Replaces field `index` (same type, same length) — for aggregates that update one field.
    func replacingField(_ index: Int, with column: Column) -> StructColumn {
        var newFields = fields
        newFields[index] = column
        return StructColumn(type: type, fields: newFields, count: count, validity: validity)
    }
}
