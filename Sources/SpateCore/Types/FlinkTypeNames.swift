/// What Flink and PyFlink call each type: one table for every message and plan that names one.
extension DataType {
    /// The name Flink gives the type in execution plans and error messages.
    public var flinkName: String {
        switch self {
        case .bool: return "Boolean"
        case .int8: return "Byte"
        case .int16: return "Short"
        case .int32: return "Integer"
        case .int64: return "Long"
        case .float32: return "Float"
        case .float64: return "Double"
        case .string: return "String"
        case .object: return "PickledByteArray"
        case .char: return "Character"
        case .binary: return "byte[]"
        case .bigInteger: return "BigInteger"
        case .bigDecimal: return "BigDecimal"
        case .decimal(let precision, let scale): return "DECIMAL(\(precision), \(scale))"
        case .date: return "Date"
        case .time: return "Time"
        case .timestamp: return "Timestamp"
        case .timestampLTZ(let precision): return "TIMESTAMP_LTZ(\(precision))"
        case .instant: return "Instant"
        case .intervalYearMonth: return "INTERVAL YEAR TO MONTH"
        case .intervalDayTime: return "INTERVAL DAY TO SECOND"
        case .list(let element): return "List<\(element.flinkName)>"
        case .map(let key, let value): return "Map<\(key.flinkName), \(value.flinkName)>"
        case .multiset(let element): return "MULTISET<\(element.flinkName)>"
        case .null: return "NULL"
        case .notNull(let inner): return "\(inner.flinkName) NOT NULL"
        case .nullable(let inner): return inner.flinkName
        case .tuple(let types): return "Tuple" + "<" + types.map(\.flinkName).joined(separator: ", ") + ">"
        case .row(let fields):
            return "Row(" + fields.map { "\($0.name): \($0.type.flinkName)" }.joined(separator: ", ") + ")"
        }
    }

    /// How a PyFlink script declares the type, for messages about values that do not fit it:
    /// `Types.INT()`, `DataTypes.DECIMAL(10, 2)`. Types marked nullable or NOT NULL are the Table
    /// API's, declared with `DataTypes`.
    public var declaration: String {
        if case .nullable(let inner) = self, inner.fields == nil { return inner.tableDeclaration }
        if case .notNull(let inner) = self, inner.fields == nil { return inner.tableDeclaration }
        switch base {
        case .decimal(let precision, let scale): return "DataTypes.DECIMAL(\(precision), \(scale))"
        case .timestampLTZ(let precision): return "DataTypes.TIMESTAMP_LTZ(\(precision))"
        case .binary: return "Types.PRIMITIVE_ARRAY(Types.BYTE())"
        case .intervalYearMonth: return "DataTypes.INTERVAL YEAR TO MONTH"
        case .intervalDayTime: return "DataTypes.INTERVAL DAY TO SECOND"
        case .multiset: return "DataTypes.MULTISET"
        case .null: return "DataTypes.NULL"
        case .bool: return "Types.BOOLEAN()"
        case .int8: return "Types.BYTE()"
        case .int16: return "Types.SHORT()"
        case .int32: return "Types.INT()"
        case .int64: return "Types.LONG()"
        case .float32: return "Types.FLOAT()"
        case .float64: return "Types.DOUBLE()"
        case .string: return "Types.STRING()"
        case .object: return "Types.PICKLED_BYTE_ARRAY()"
        case .char: return "Types.CHAR()"
        case .bigInteger: return "Types.BIG_INT()"
        case .bigDecimal: return "Types.BIG_DEC()"
        case .date: return "Types.SQL_DATE()"
        case .time: return "Types.SQL_TIME()"
        case .timestamp: return "Types.SQL_TIMESTAMP()"
        case .instant: return "Types.INSTANT()"
        case .list: return "Types.LIST()"
        case .map: return "Types.MAP()"
        case .tuple: return "Types.TUPLE()"
        case .row: return "Types.ROW()"
        case .notNull(let inner), .nullable(let inner): return inner.declaration  // unreachable: base strips them
        }
    }

    /// `DataTypes.BIGINT()`, `DataTypes.DECIMAL(10, 2)`: how the Table API declares a type.
    private var tableDeclaration: String {
        let name = sqlName
        return "DataTypes." + (name.hasSuffix(")") ? name : name.split(separator: "<").first.map { "\($0)()" } ?? name)
    }

    /// The name Flink SQL gives the type (`INT`, `DECIMAL(10, 2)`), for messages about Table API and
    /// SQL expressions.
    public var sqlName: String {
        switch base {
        case .bool: return "BOOLEAN"
        case .int8: return "TINYINT"
        case .int16: return "SMALLINT"
        case .int32: return "INT"
        case .int64: return "BIGINT"
        case .float32: return "FLOAT"
        case .float64: return "DOUBLE"
        case .string: return "STRING"
        case .char: return "CHAR"
        case .binary: return "BYTES"
        case .decimal(let precision, let scale): return "DECIMAL(\(precision), \(scale))"
        case .date: return "DATE"
        case .time(let precision): return "TIME(\(precision))"
        case .timestamp(let precision): return "TIMESTAMP(\(precision))"
        case .timestampLTZ(let precision): return "TIMESTAMP_LTZ(\(precision))"
        case .null: return "NULL"
        case .list(let element): return "ARRAY<\(element.sqlName)>"
        case .map(let key, let value): return "MAP<\(key.sqlName), \(value.sqlName)>"
        case .multiset(let element): return "MULTISET<\(element.sqlName)>"
        case .row(let fields): return "ROW<" + fields.map { "`\($0.name)` \($0.type.sqlName)" }.joined(separator: ", ") + ">"
        default: return flinkName
        }
    }
}
