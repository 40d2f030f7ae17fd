/// The order of `order_by`'s keys: each key ascending or descending, NULL above every value (so
/// NULLs come last ascending and first descending, as Flink orders them). Compares rows of key
/// columns (one column per key), wherever the rows are: a batch's or held ones.
///
/// ```swift
/// let order = try RowOrder(keys: [(.int64, descending: true)])
/// order.compare(batchKeys, 3, heldKeys, 0)  // -1: row 3 of the batch sorts first
/// ```
struct RowOrder {
    private typealias Comparator = (Column, Int, Column, Int) -> Int
    private let comparators: [Comparator]
    private let descending: [Bool]

    /// Refuses key types it cannot order, naming them.
    init(keys: [(type: DataType, descending: Bool)]) throws(SpateError) {
        comparators = try keys.map { key throws(SpateError) in try Self.comparator(key.type) }
        descending = keys.map(\.descending)
    }

    /// -1, 0 or 1 as row `i` of `a` sorts before, with or after row `j` of `b`.
    func compare(_ a: [Column], _ i: Int, _ b: [Column], _ j: Int) -> Int {
        for key in comparators.indices {
            let x = a[key], y = b[key]
            let order: Int
            switch (x.isNull(i), y.isNull(j)) {
            case (true, true): order = 0
            case (true, false): order = 1
            case (false, true): order = -1
            case (false, false): order = comparators[key](x, i, y, j)
            }
            if order != 0 { return descending[key] ? -order : order }
        }
        return 0
    }

    private static func comparator(_ type: DataType) throws(SpateError) -> Comparator {
        func primitive<T: PrimitiveElement & Comparable>(_: T.Type) -> Comparator {
            { a, i, b, j in
                let x = unsafeDowncast(a, to: PrimitiveColumn<T>.self).values[i]
                let y = unsafeDowncast(b, to: PrimitiveColumn<T>.self).values[j]
                return x < y ? -1 : (y < x ? 1 : 0)
            }
        }
        func floating<T: PrimitiveElement & BinaryFloatingPoint>(_: T.Type) -> Comparator {
            // Java's order of doubles (Flink's): NaN above every number.
            { a, i, b, j in
                let x = unsafeDowncast(a, to: PrimitiveColumn<T>.self).values[i]
                let y = unsafeDowncast(b, to: PrimitiveColumn<T>.self).values[j]
                if x.isNaN || y.isNaN { return x.isNaN ? (y.isNaN ? 0 : 1) : -1 }
                return x < y ? -1 : (y < x ? 1 : 0)
            }
        }
        switch type.base {
        case .int8: return primitive(Int8.self)
        case .int16: return primitive(Int16.self)
        case .int32, .date, .intervalYearMonth: return primitive(Int32.self)
        case .int64, .time, .timestamp, .timestampLTZ, .intervalDayTime: return primitive(Int64.self)
        case .decimal: return primitive(Int128.self)
        case .float32: return floating(Float.self)
        case .float64: return floating(Double.self)
        case .bool:
            return { a, i, b, j in
                let x = unsafeDowncast(a, to: BoolColumn.self)[i], y = unsafeDowncast(b, to: BoolColumn.self)[j]
                return x == y ? 0 : (x ? 1 : -1)
            }
        case .string, .char, .binary:
            // UTF-8 bytes order as code points do.
            return { a, i, b, j in
                let x = unsafeDowncast(a, to: StringColumn.self).utf8(i), y = unsafeDowncast(b, to: StringColumn.self).utf8(j)
                return x.lexicographicallyPrecedes(y) ? -1 : (y.lexicographicallyPrecedes(x) ? 1 : 0)
            }
        default:
            throw .invalid("cannot order by a value of type \(type.sqlName)")
        }
    }
}
