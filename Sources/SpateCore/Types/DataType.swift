/// The logical type of a column, following Arrow's logical types where one exists.
///
/// Types cross the C ABI as *type strings*: `bool i8 i16 i32 i64 f32 f64 str obj`,
/// `tuple<T,...>` and `row<name:T,...>`, for example `row<word:str,count:i64>`.
public indirect enum DataType: Hashable, Sendable, CustomStringConvertible {
    case bool
    case int8, int16, int32, int64
    case float32, float64
    case string
    /// An opaque value owned by the host (a pickled Python object in PyFlink terms).
    case object
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
        switch self {
        case .tuple(let types): return types.enumerated().map { Field("f\($0.offset)", $0.element) }
        case .row(let fields): return fields
        default: return nil
        }
    }

    public var isComposite: Bool { fields != nil }

    public var isNumeric: Bool {
        switch self {
        case .int8, .int16, .int32, .int64, .float32, .float64: return true
        default: return false
        }
    }

    public var description: String {
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
        case .tuple(let types): return "tuple<" + types.map(\.description).joined(separator: ",") + ">"
        case .row(let fields):
            return "row<" + fields.map { "\($0.name):\($0.type)" }.joined(separator: ",") + ">"
        }
    }

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
        case .tuple(let types): return "Tuple" + "<" + types.map(\.flinkName).joined(separator: ", ") + ">"
        case .row(let fields):
            return "Row(" + fields.map { "\($0.name): \($0.type.flinkName)" }.joined(separator: ", ") + ")"
        }
    }
}
