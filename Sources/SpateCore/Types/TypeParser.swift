extension DataType {
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

    init(_ bytes: [UInt8], text: String) {
        self.bytes = bytes
        self.text = text
    }

    var atEnd: Bool { position == bytes.count }

    func failure(_ what: String) -> SpateError {
        .invalid("invalid type string '\(text)' at offset \(position): \(what)")
    }

    mutating func identifier() -> String {
        let start = position
        while position < bytes.count, bytes[position] != UInt8(ascii: "<"), bytes[position] != UInt8(ascii: ">"),
              bytes[position] != UInt8(ascii: ","), bytes[position] != UInt8(ascii: ":") {
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
        let name = identifier()
        switch name {
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
