/// The logical type of a column, following Arrow's logical types where one exists.
///
/// Types cross the C ABI as *type strings* (see ARCHITECTURE.md): `bool i8 i16 i32 i64 f32 f64 str
/// obj char bytes bigint bigdec decimal<p,s> date time<p> timestamp<p> timestamp_ltz<p> instant
/// interval_ym interval_dt null`, `list<T>`, `map<K,V>`, `multiset<T>`, `tuple<T,...>` and
/// `row<name:T,...>`, each optionally followed by `!` for NOT NULL: `row<word:str!,count:i64>`.
public indirect enum DataType: Hashable, Sendable, CustomStringConvertible {
    case bool
    case int8, int16, int32, int64
    case float32, float64
    case string
    /// An opaque value owned by the host (a pickled Python object in PyFlink terms).
    case object
    /// One Unicode character (stored as UTF-8, like a string).
    case char
    /// A byte string.
    case binary
    /// An integer of any size: two's-complement bytes, least significant first.
    case bigInteger
    /// A decimal of any size and scale, as its exact decimal text.
    case bigDecimal
    /// A decimal with at most `precision` digits, `scale` of them after the point (Arrow decimal128).
    case decimal(precision: Int, scale: Int)
    /// Days since 1970-01-01 (Arrow date32).
    case date
    /// Microseconds since midnight, kept to `precision` fractional digits (Arrow time64).
    case time(precision: Int)
    /// Microseconds since 1970-01-01T00:00 without a time zone (Arrow timestamp).
    case timestamp(precision: Int)
    /// Microseconds since 1970-01-01T00:00Z: an instant shown in the session time zone.
    case timestampLTZ(precision: Int)
    /// Seconds and nanoseconds since 1970-01-01T00:00Z (PyFlink's `Instant`).
    case instant
    /// A number of months.
    case intervalYearMonth
    /// A number of microseconds.
    case intervalDayTime
    /// Lists (and arrays) of one element type.
    case list(DataType)
    /// Maps: a list of (key, value) entries.
    case map(DataType, DataType)
    /// A bag: each distinct element with its count.
    case multiset(DataType)
    /// The type of the null value alone.
    case null
    /// `T NOT NULL`.
    case notNull(DataType)
    /// `T` declared as accepting nulls (`T?`: the Table API's nullable types). Every column may
    /// hold nulls, so it stores like `T`; the marker tells the host that None is a value here.
    case nullable(DataType)
    /// Java-style tuple: positional fields `f0`, `f1`, … printed as `(a,b)`.
    case tuple([DataType])
    /// Named fields, printed as `+I[a, b]` without spaces.
    case row([Field])

    public struct Field: Hashable, Sendable {
        public var name: String
        public var type: DataType
        public init(_ name: String, _ type: DataType) {
            self.name = name
            self.type = type
        }
    }

    /// The fields of a tuple or row (tuple fields are named `f0`, `f1`, …), or nil for other types.
    public var fields: [Field]? {
        switch base {
        case .tuple(let types): return types.enumerated().map { Field("f\($0.offset)", $0.element) }
        case .row(let fields): return fields
        default: return nil
        }
    }

    public var isComposite: Bool { fields != nil }

    /// The type without its NOT NULL or nullable marker.
    public var base: DataType {
        switch self {
        case .notNull(let inner), .nullable(let inner): return inner
        default: return self
        }
    }

    public var isNullable: Bool {
        if case .notNull = self { return false }
        return true
    }

    /// The child columns of the types stored as structs (tuples, rows, instants, map entries).
    var storageFields: [Field]? {
        switch base {
        case .tuple, .row: return base.fields
        case .instant: return [Field("seconds", .int64), Field("nanos", .int32)]
        default: return nil
        }
    }

    /// The element type of the types stored as lists.
    var listElement: DataType? {
        switch base {
        case .list(let element): return element
        case .map(let key, let value): return .row([Field("key", key), Field("value", value)])
        case .multiset(let element): return .row([Field("key", element), Field("value", .notNull(.int32))])
        default: return nil
        }
    }

    public var isNumeric: Bool {
        switch base {
        case .int8, .int16, .int32, .int64, .float32, .float64: return true
        default: return false
        }
    }

    /// The type string. Written into one string: a level that returned its own string copied its
    /// children's, which made a type nested n deep cost n² (rows 5,000 deep: seconds per builder).
    public var description: String {
        var text = ""
        write(to: &text)
        return text
    }

    private func write(to text: inout String) {
        switch self {
        case .list(let element): text += "list<"; element.write(to: &text); text += ">"
        case .multiset(let element): text += "multiset<"; element.write(to: &text); text += ">"
        case .map(let key, let value):
            text += "map<"; key.write(to: &text); text += ","; value.write(to: &text); text += ">"
        case .notNull(let inner): inner.write(to: &text); text += "!"
        case .nullable(let inner): inner.write(to: &text); text += "?"
        case .tuple(let types):
            text += "tuple<"
            for (index, type) in types.enumerated() {
                if index > 0 { text += "," }
                type.write(to: &text)
            }
            text += ">"
        case .row(let fields):
            text += "row<"
            for (index, field) in fields.enumerated() {
                if index > 0 { text += "," }
                text += field.name
                text += ":"
                field.type.write(to: &text)
            }
            text += ">"
        default: text += leafDescription
        }
    }

    /// The type string of a type that holds no other type.
    private var leafDescription: String {
        switch self {
        case .bool: return "bool"
        case .int8: return "i8"
        case .int16: return "i16"
        case .int32: return "i32"
        case .int64: return "i64"
        case .float32: return "f32"
        case .float64: return "f64"
        case .string: return "str"
        case .object: return "obj"
        case .char: return "char"
        case .binary: return "bytes"
        case .bigInteger: return "bigint"
        case .bigDecimal: return "bigdec"
        case .decimal(let precision, let scale): return "decimal<\(precision),\(scale)>"
        case .date: return "date"
        case .time(let precision): return "time<\(precision)>"
        case .timestamp(let precision): return "timestamp<\(precision)>"
        case .timestampLTZ(let precision): return "timestamp_ltz<\(precision)>"
        case .instant: return "instant"
        case .intervalYearMonth: return "interval_ym"
        case .intervalDayTime: return "interval_dt"
        case .null: return "null"
        case .list, .map, .multiset, .notNull, .nullable, .tuple, .row: return ""  // written by write(to:)
        }
    }

}
