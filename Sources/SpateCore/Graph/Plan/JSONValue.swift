/// A JSON document as a Swift value: the form in which the Python API hands a job's plan to the
/// runtime. Parsed by hand over UTF-8 bytes because SpateCore links no Foundation.
///
/// ```swift
/// let plan = try JSONValue(parsing: #"{"version": 1, "nodes": [{"kind": "map", "parallelism": 2}]}"#)
/// plan["version"]                      // .integer(1)
/// plan["nodes"]?.kindName              // "array"
/// plan.serialized                      // {"version":1,"nodes":[{"kind":"map","parallelism":2}]}
/// ```
///
/// - Numbers: an integer literal that fits `Int64` is `.integer`; one with a fraction or exponent,
///   or outside `Int64`'s range, is `.double` (so `1.0` and `1` differ, and `==` says so).
/// - Objects keep their keys in document order (an array of pairs, so messages and `serialized`
///   follow the author's order); `==` on objects compares keys in that order. Keys are unique in
///   parsed documents (a duplicate is a parse error).
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// Parses `text` as one JSON value (RFC 8259), with nothing but whitespace after it.
    ///
    /// Containers nested more than `maxDepth` deep are an error: the parser keeps its own stack (it
    /// never recurses), and the bound keeps every later walk over the value (decoding, `==`,
    /// `serialized`) shallow too.
    /// Errors are `SpateError(.invalidArgument, "plan JSON, line L column C: ...")`, columns counted
    /// in Unicode scalars from 1.
    public init(parsing text: String, maxDepth: Int = 64) throws(SpateError) {
        var text = text
        // withUTF8 makes the string contiguous (a no-op for native strings) and hands over its bytes.
        // It is `rethrows`, which would widen the error to `any Error`, so the result travels back
        // as a Result instead.
        let result: Result<JSONValue, SpateError> = text.withUTF8 { bytes in
            var parser = JSONParser(bytes: bytes, maxDepth: maxDepth)
            return Result { () throws(SpateError) -> JSONValue in try parser.parseDocument() }
        }
        self = try result.get()
    }

    /// The value of `key` when this is an object holding it, else nil.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.key == key }?.value
    }

    /// The JSON kind, as error messages name it: "null", "boolean", "integer", "number", "string",
    /// "array" or "object".
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.integer(a), .integer(b)): return a == b
        case let (.double(a), .double(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }
}

// MARK: - Writing

extension JSONValue: CustomStringConvertible {
    /// Compact JSON (no spaces), keys in order. Strings escape `"`, `\` and control characters;
    /// doubles are written in Swift's shortest round-trip form (always with a `.` or an exponent, so
    /// they read back as `.double` and equal). A non-finite double, which JSON cannot express, is
    /// written as `null`.
    public var serialized: String {
        var out = ""
        write(to: &out)
        return out
    }

    public var description: String { serialized }

    func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .integer(let i): out += String(i)
        case .double(let d): out += JSONValue.numberText(d)
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                element.write(to: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (i, pair) in pairs.enumerated() {
                if i > 0 { out += "," }
                JSONValue.writeString(pair.key, to: &out)
                out += ":"
                pair.value.write(to: &out)
            }
            out += "}"
        }
    }

    static func numberText(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        let text = d.description  // shortest digits that read back to the same Double
        return text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") }) ? text : text + ".0"
    }

    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

// MARK: - Parsing

/// RFC 8259 over a UTF-8 buffer. The input came from a Swift `String`, so it is valid UTF-8, and
/// the parser only ever splits it at ASCII bytes: slices between them decode without repair.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// An open container: the parser's explicit stack, in place of recursion. Its finished
    /// elements wait on one shared value stack (and an object's keys on a key stack) from `start`
    /// on, and move into the container once, when it closes: filling an enum payload in place
    /// would copy it per element.
    private struct Frame {
        let isObject: Bool
        let start: Int
        var seen: Set<String> = []  // an object's keys so far, to find duplicates
    }

    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

    mutating func parseDocument() throws(SpateError) -> JSONValue {
        var frames: [Frame] = []
        var values: [JSONValue] = []
        var keys: [String] = []
        skipWhitespace()
        while true {
            // A value starts at `index`.
            var value: JSONValue
            guard index < bytes.count else { throw error(at: index, "expected a value, got end of input") }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                try checkDepth(frames.count)
                index += 1
                skipWhitespace()
                if peek(UInt8(ascii: "}")) {
                    index += 1
                    value = .object([])
                } else {
                    let key = try parseKey(first: true)
                    frames.append(Frame(isObject: true, start: values.count, seen: [key]))
                    keys.append(key)
                    continue
                }
            case UInt8(ascii: "["):
                try checkDepth(frames.count)
                index += 1
                skipWhitespace()
                if peek(UInt8(ascii: "]")) {
                    index += 1
                    value = .array([])
                } else {
                    frames.append(Frame(isObject: false, start: values.count))
                    continue
                }
            case Self.quote: value = .string(try parseString())
            case UInt8(ascii: "t"): try parseLiteral("true"); value = .bool(true)
            case UInt8(ascii: "f"): try parseLiteral("false"); value = .bool(false)
            case UInt8(ascii: "n"): try parseLiteral("null"); value = .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = try parseNumber()
            default: throw error(at: index, "expected a value, got \(describe(at: index))")
            }
            // The value is complete: it joins its container, which may close in turn.
            while true {
                skipWhitespace()
                guard let top = frames.indices.last else {
                    guard index == bytes.count else {
                        throw error(at: index, "expected end of input after the value, got \(describe(at: index))")
                    }
                    return value
                }
                // Scalars only: a copy of the frame would share its `seen` set and make the insert copy it.
                let isObject = frames[top].isObject, start = frames[top].start
                values.append(value)
                if peek(UInt8(ascii: ",")) {
                    index += 1
                    skipWhitespace()
                    if isObject {
                        let keyStart = index
                        let key = try parseKey(first: false)
                        guard frames[top].seen.insert(key).inserted else { throw error(at: keyStart, "duplicate key '\(key)'") }
                        keys.append(key)
                    }
                    break  // the next value follows
                }
                guard peek(isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    let expected = isObject ? "',' or '}' in an object" : "',' or ']' in an array"
                    throw error(at: index, "expected \(expected), got \(describe(at: index))")
                }
                index += 1
                if isObject {
                    let keyStart = keys.count - (values.count - start)
                    value = .object(zip(keys[keyStart...], values[start...]).map { (key: $0, value: $1) })
                    keys.removeSubrange(keyStart...)
                } else {
                    value = .array(Array(values[start...]))
                }
                values.removeSubrange(start...)
                frames.removeLast()
            }
        }
    }

    private func checkDepth(_ open: Int) throws(SpateError) {
        guard open < maxDepth else {
            throw error(at: index, "containers nested deeper than \(maxDepth) levels")
        }
    }

    private func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): index += 1
            default: return
            }
        }
    }

    /// A key and its ':' (and the whitespace after it); `index` is at the key's opening quote.
    private mutating func parseKey(first: Bool) throws(SpateError) -> String {
        guard peek(Self.quote) else {
            let expected = first ? "a string key or '}'" : "a string key"
            throw error(at: index, "expected \(expected) in an object, got \(describe(at: index))")
        }
        let key = try parseString()
        skipWhitespace()
        guard peek(UInt8(ascii: ":")) else {
            throw error(at: index, "expected ':' after the key '\(key)', got \(describe(at: index))")
        }
        index += 1
        skipWhitespace()
        return key
    }

    private mutating func parseLiteral(_ word: StaticString) throws(SpateError) {
        let count = word.utf8CodeUnitCount
        let matches = index + count <= bytes.count
            && (0..<count).allSatisfy { bytes[index + $0] == word.utf8Start[$0] }
        guard matches else { throw error(at: index, "expected a value, got \(describe(at: index))") }
        index += count
    }

    // MARK: Strings

    /// `index` is at the opening quote. Unescaped runs are copied as whole slices.
    private mutating func parseString() throws(SpateError) -> String {
        let open = index
        index += 1
        var runStart = index
        var decoded: [UInt8]? = nil  // only once an escape is met
        while true {
            guard index < bytes.count else { throw error(at: open, "unterminated string") }
            let byte = bytes[index]
            if byte == Self.quote {
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<index])
                index += 1
                guard var decoded else { return String(decoding: run, as: UTF8.self) }
                decoded.append(contentsOf: run)
                return String(decoding: decoded, as: UTF8.self)
            } else if byte == Self.backslash {
                if decoded == nil { decoded = [] }
                decoded?.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                let scalar = try parseEscape()
                UTF8.encode(scalar) { decoded?.append($0) }
                runStart = index
            } else if byte < 0x20 {
                throw error(at: index, "control character \(Self.hexName(UInt32(byte))) in a string (write it as an escape such as \\n or \\u00XX)")
            } else {
                index += 1
            }
        }
    }

    /// `index` is at a backslash; leaves it after the escape.
    private mutating func parseEscape() throws(SpateError) -> Unicode.Scalar {
        let start = index
        guard index + 1 < bytes.count else { throw error(at: start, "unterminated string") }
        let letter = bytes[index + 1]
        index += 2
        switch letter {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try parseHex4(escapeAt: start)
            switch unit {
            case 0xD800...0xDBFF:
                // A high surrogate must be followed by an escaped low surrogate: together one scalar.
                guard index + 1 < bytes.count, bytes[index] == Self.backslash, bytes[index + 1] == UInt8(ascii: "u") else {
                    throw error(at: start, "lone surrogate \\u\(Self.hex4(unit)) (a high surrogate must be followed by a \\uDC00-\\uDFFF escape)")
                }
                let lowStart = index
                index += 2
                let low = try parseHex4(escapeAt: lowStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw error(at: start, "lone surrogate \\u\(Self.hex4(unit)) (followed by \\u\(Self.hex4(low)), not a low surrogate)")
                }
                let value = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                guard let scalar = Unicode.Scalar(value) else { throw error(at: start, "invalid \\u escape") }
                return scalar
            case 0xDC00...0xDFFF:
                throw error(at: start, "lone surrogate \\u\(Self.hex4(unit)) (a low surrogate must follow a high one)")
            default:
                guard let scalar = Unicode.Scalar(unit) else { throw error(at: start, "invalid \\u escape") }
                return scalar
            }
        default:
            index = start
            throw error(at: start, "invalid escape \\\(Self.printable(at: start + 1, in: bytes)) in a string (expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
        }
    }

    private mutating func parseHex4(escapeAt start: Int) throws(SpateError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw error(at: start, "expected 4 hex digits after \\u, got end of input") }
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error(at: start, "expected 4 hex digits after \\u, got \(describe(at: index))")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    // MARK: Numbers

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`; `index` is at '-' or a digit.
    private mutating func parseNumber() throws(SpateError) -> JSONValue {
        let start = index
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else {
            throw error(at: index, "expected a digit after '-', got \(describe(at: index))")
        }
        // Accumulated as a negative number, so that Int64.min fits.
        var magnitude: Int64 = 0
        var overflow = false
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) {
                throw error(at: start, "a number cannot have leading zeros")
            }
        } else {
            while index < bytes.count, isDigit(bytes[index]) {
                let digit = Int64(bytes[index] - UInt8(ascii: "0"))
                if !overflow {
                    let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                    let (next, o2) = times10.subtractingReportingOverflow(digit)
                    if o1 || o2 { overflow = true } else { magnitude = next }
                }
                index += 1
            }
        }
        var integral = true
        if peek(UInt8(ascii: ".")) {
            integral = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw error(at: index, "expected a digit after '.', got \(describe(at: index))")
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            integral = false
            index += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw error(at: index, "expected a digit in the exponent, got \(describe(at: index))")
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if integral && !overflow {
            if negative { return .integer(magnitude) }
            if magnitude != .min { return .integer(-magnitude) }
        }
        // The grammar is checked above, so the standard library's reader sees plain decimal text.
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let double = Double(text), double.isFinite else {
            throw error(at: start, "the number \(text) is too large for a double")
        }
        return .double(double)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    // MARK: Errors

    /// The error for a problem at byte `offset`, located by line and column.
    private func error(at offset: Int, _ what: String) -> SpateError {
        var line = 1, column = 1
        var i = 0
        let end = min(offset, bytes.count)
        while i < end {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && !(i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n"))) {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 && byte != UInt8(ascii: "\r") {
                column += 1  // one per scalar: UTF-8 continuation bytes do not count
            }
            i += 1
        }
        return SpateError(.invalidArgument, "plan JSON, line \(line) column \(column): \(what)")
    }

    /// What stands at `offset`, for "got ..." in messages: a short quoted token (`'NaN'`, `'+'`),
    /// a code point for control and invisible characters, or "end of input".
    private func describe(at offset: Int) -> String {
        guard offset < bytes.count else { return "end of input" }
        var end = offset
        while end < bytes.count, end - offset < 20, Self.isTokenByte(bytes[end]) { end += 1 }
        if end > offset {
            let token = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self)
            return "'\(token)'"
        }
        return Self.printable(at: offset, in: bytes)
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
            return true
        default: return false
        }
    }

    /// One character at `offset`: quoted when visible ASCII, else its code point (with the
    /// character too when it is visible), so a stray BOM or tab is named rather than invisible.
    static func printable(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard offset < bytes.count else { return "end of input" }
        let byte = bytes[offset]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        if byte < 0x80 { return hexName(UInt32(byte)) }
        // A multi-byte scalar: decode it from its lead byte.
        var iterator = UnsafeBufferPointer(rebasing: bytes[offset...]).makeIterator()
        var decoder = UTF8()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return "byte 0x\(String(byte, radix: 16))" }
        let visible = !scalar.properties.isWhitespace && scalar.properties.generalCategory != .format
        return visible ? "'\(scalar)' (\(hexName(scalar.value)))" : hexName(scalar.value)
    }

    static func hexName(_ value: UInt32) -> String { "U+" + hex4(value) }

    static func hex4(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return hex.count >= 4 ? hex : String(repeating: "0", count: 4 - hex.count) + hex
    }
}
