/// `DataStream.project(*fields)`: each tuple becomes a tuple of some of its fields, in the order
/// given. The output reuses the input's field columns instead of copying their values; a field
/// taken twice gets a copy of its own, since consumers may move values out of a column.
final class ProjectFields: BatchFunction {
    let positions: [Int]
    let type: DataType

    init(positions: [Int], type: DataType) {
        self.positions = positions
        self.type = type
    }

    func apply(_ batch: RecordBatch) throws(SpateError) -> RecordBatch? {
        guard let tuples = batch.values as? StructColumn, positions.allSatisfy(tuples.fields.indices.contains) else {
            throw SpateError(.typeMismatch, "Projection: expected tuples with fields \(positions), got \(batch.values.type)")
        }
        var taken = Set<Int>()
        var fields: [Column] = []
        for position in positions {
            let field = tuples.fields[position]
            fields.append(taken.insert(position).inserted ? field : Self.copy(of: field))
        }
        let projected = StructColumn(type: type, fields: fields, count: tuples.count, validity: tuples.validity)
        return RecordBatch(values: projected, timestamps: batch.timestamps, rowKinds: batch.rowKinds)
    }

    /// Every row of `column`, holding its own object references.
    private static func copy(of column: Column) -> Column {
        var all = Buffer<Int32>(capacity: column.count)
        defer { all.free() }
        for row in 0..<column.count { all.append(Int32(row)) }
        return column.gather(UnsafeBufferPointer(all.elements), move: false)
    }
}
