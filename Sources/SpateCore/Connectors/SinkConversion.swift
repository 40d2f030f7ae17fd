/// A query's rows in its sink's column types, where they differ and Flink casts implicitly (no
/// value is lost: a narrower integer into a wider one or into a DECIMAL, FLOAT or DOUBLE, FLOAT into
/// DOUBLE, CHAR into STRING, a timestamp's precision).
///
/// ```swift
/// // query [a: INT, b: STRING] into sink [a: BIGINT, b: STRING]: column a cast, b as it is
/// let conversion = try SinkConversion.between(query: queryType, sink: sinkType)
/// let written = try conversion?.apply(batch) ?? batch
/// ```
struct SinkConversion: Sendable {
    let casts: [TypedExpression]
    let outputType: DataType

    /// nil when the query's columns have the sink's types already (nullability aside); throws
    /// (a message without the table, for the caller to frame) when a column cannot be cast implicitly.
    static func between(query: DataType, sink: DataType) throws(SinkMismatch) -> SinkConversion? {
        let queryFields = query.fields ?? []
        let sinkFields = sink.fields ?? []
        guard queryFields.count == sinkFields.count else { throw SinkMismatch(cause: "Different number of columns.") }
        var needed = false
        var casts: [Expression] = []
        for (position, (queryField, sinkField)) in zip(queryFields, sinkFields).enumerated() {
            let from = queryField.type.withoutNullability, to = sinkField.type.withoutNullability
            if from == to {
                casts.append(.field(position))
            } else if implicitlyCastable(from, to) {
                casts.append(.cast(.field(position), to: sinkField.type, orNull: false, text: nil))
                needed = true
            } else {
                throw SinkMismatch(cause: "Incompatible types for sink column '\(sinkField.name)' at position \(position + 1).")
            }
        }
        guard needed else { return nil }
        guard let binder = try? ExpressionBinder(input: query),
              let typed = try? casts.map({ cast throws(SpateError) in try binder.bind(cast) }) else {
            throw SinkMismatch(cause: "Spate cannot cast the query's columns to the sink's types.")
        }
        return SinkConversion(casts: typed, outputType: .row(zip(sinkFields, typed).map { DataType.Field($0.name, $1.type) }))
    }

    func apply(_ batch: RecordBatch) throws(SpateError) -> RecordBatch {
        guard let rows = batch.values as? StructColumn else { return batch }
        let columns = try casts.map { cast throws(SpateError) in try ExpressionEvaluator.evaluate(cast, over: rows) }
        let values = StructColumn(type: outputType, fields: columns, count: rows.count, validity: nil)
        return RecordBatch(values: values, timestamps: batch.timestamps, rowKinds: batch.rowKinds)
    }

    /// Flink's implicit casts that Spate's CAST runs.
    private static func implicitlyCastable(_ from: DataType, _ to: DataType) -> Bool {
        let integers: [DataType] = [.int8, .int16, .int32, .int64]
        switch (from, to) {
        case let (a, b) where integers.contains(a) && integers.contains(b):
            return integers.firstIndex(of: a)! < integers.firstIndex(of: b)!
        case let (a, .float32) where integers.contains(a), let (a, .float64) where integers.contains(a): return true
        case let (a, .decimal(precision, scale)) where integers.contains(a):
            let digits = [3, 5, 10, 19][integers.firstIndex(of: a)!]
            return precision - scale >= digits
        case (.float32, .float64), (.decimal, .float32), (.decimal, .float64), (.char, .string): return true
        case let (.decimal(p1, s1), .decimal(p2, s2)): return p2 - s2 >= p1 - s1 && s2 >= s1
        case (.timestamp, .timestamp), (.timestampLTZ, .timestampLTZ), (.time, .time): return true
        default: return false
        }
    }
}

/// Why a query cannot be written into its sink (Flink's cause line).
struct SinkMismatch: Error {
    let cause: String
}
