extension DataType {
    /// How many levels a type may nest under the outermost one (spate.h's SPATE_MAX_TYPE_DEPTH).
    public static let maximumDepth = 1000

    /// Parses a type string such as `row<word:str,count:i64>`.
    public init(parsing text: String) throws(SpateError) {
        var parser = TypeParser(Array(text.utf8), text: text)
        let type = try parser.parseType()
        guard parser.atEnd else { throw parser.failure("unexpected text after the type") }
        self = type
    }
}

/// A recursive-descent parser over the bytes of a type string.
private struct TypeParser {
    let bytes: [UInt8]
    let text: String
    var position = 0
    /// How many types enclose the one being parsed.
    var depth = 0

    init(_ bytes: [UInt8], text: String) {
        self.bytes = bytes
        self.text = text
    }

    var atEnd: Bool { position == bytes.count }

    func failure(_ what: String) -> SpateError {
        // A long text is cut: the message must stay readable.
        .invalid("invalid type string '\(text.count > 80 ? text.prefix(80) + "..." : text)' at offset \(position): \(what)")
    }

    mutating func identifier() -> String {
        let start = position
        while position < bytes.count, bytes[position] != UInt8(ascii: "<"), bytes[position] != UInt8(ascii: ">"),
              bytes[position] != UInt8(ascii: ","), bytes[position] != UInt8(ascii: ":"),
              bytes[position] != UInt8(ascii: "!"), bytes[position] != UInt8(ascii: "?") {
            position += 1
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    mutating func expect(_ char: Character) throws(SpateError) {
        guard position < bytes.count, bytes[position] == char.asciiValue! else {
            throw failure("expected '\(char)'")
        }
        position += 1
    }

    mutating func consume(_ char: Character) -> Bool {
        if position < bytes.count, bytes[position] == char.asciiValue! {
            position += 1
            return true
        }
        return false
    }

    mutating func parseType() throws(SpateError) -> DataType {
        // Every use of a type recurses once per level: bounding the parse bounds them all.
        guard depth <= DataType.maximumDepth else {
            throw .invalid("a type nested more than \(DataType.maximumDepth) levels deep (rows, tuples, lists or maps "
                           + "inside one another) is not supported")
        }
        depth += 1
        defer { depth -= 1 }
        let type = try parseBaseType()
        if consume("?") { return .nullable(type) }
        return consume("!") ? .notNull(type) : type
    }

    mutating func number() throws(SpateError) -> Int {
        let text = identifier()
        guard let value = Int(text), value >= 0 else { throw failure("expected a number") }
        return value
    }

    mutating func precision(max: Int) throws(SpateError) -> Int {
        try expect("<")
        let value = try number()
        guard value <= max else { throw failure("precision \(value) is above \(max)") }
        try expect(">")
        return value
    }

    mutating func parseBaseType() throws(SpateError) -> DataType {
        let name = identifier()
        switch name {
        case "char": return .char
        case "bytes": return .binary
        case "bigint": return .bigInteger
        case "bigdec": return .bigDecimal
        case "date": return .date
        case "instant": return .instant
        case "interval_ym": return .intervalYearMonth
        case "interval_dt": return .intervalDayTime
        case "null": return .null
        case "time": return .time(precision: try precision(max: 9))
        case "timestamp": return .timestamp(precision: try precision(max: 9))
        case "timestamp_ltz": return .timestampLTZ(precision: try precision(max: 9))
        case "decimal":
            try expect("<")
            let digits = try number()
            try expect(",")
            let scale = try number()
            try expect(">")
            guard (1...38).contains(digits), scale <= digits else {
                throw failure("DECIMAL precision must be 1..38 and scale 0..precision, got (\(digits), \(scale))")
            }
            return .decimal(precision: digits, scale: scale)
        case "list":
            try expect("<")
            let element = try parseType()
            try expect(">")
            return .list(element)
        case "multiset":
            try expect("<")
            let element = try parseType()
            try expect(">")
            return .multiset(element)
        case "map":
            try expect("<")
            let key = try parseType()
            try expect(",")
            let value = try parseType()
            try expect(">")
            return .map(key, value)
        case "bool": return .bool
        case "i8": return .int8
        case "i16": return .int16
        case "i32": return .int32
        case "i64": return .int64
        case "f32": return .float32
        case "f64": return .float64
        case "str": return .string
        case "obj": return .object
        case "tuple":
            try expect("<")
            var types: [DataType] = []
            repeat { types.append(try parseType()) } while consume(",")
            try expect(">")
            return .tuple(types)
        case "row":
            try expect("<")
            var fields: [DataType.Field] = []
            if !consume(">") {
                repeat {
                    let fieldName = identifier()
                    guard !fieldName.isEmpty else { throw failure("expected a field name") }
                    try expect(":")
                    fields.append(.init(fieldName, try parseType()))
                } while consume(",")
                try expect(">")
            }
            return .row(fields)
        case "": throw failure("expected a type")
        default: throw failure("unknown type '\(name)'")
        }
    }
}
