import Testing
@testable import SpateCore

/// The message of the error parsing `text` raises, or nil when it parses.
private func parseError(_ text: String, maxDepth: Int = 64) -> String? {
    do {
        _ = try JSONValue(parsing: text, maxDepth: maxDepth)
        return nil
    } catch {
        #expect(error.kind == .invalidArgument)
        return error.message
    }
}

private func parse(_ text: String) throws -> JSONValue { try JSONValue(parsing: text) }

/// The message of the error decoding `text` as `T` raises, or nil when it decodes.
private func decodeError<T: Decodable>(_ type: T.Type, _ text: String, path: String = "settings") throws -> String? {
    let value = try parse(text)
    do {
        _ = try value.decode(T.self, path: path)
        return nil
    } catch {
        #expect(error.kind == .invalidArgument)
        return error.message
    }
}

/// JSON parsing and writing (RFC 8259): values, escapes, numbers, errors with their positions.
@Suite struct JSONValueParsingTests {
    @Test func parsesEveryKindOfValue() throws {
        #expect(try parse("null") == .null)
        #expect(try parse("true") == .bool(true))
        #expect(try parse("false") == .bool(false))
        #expect(try parse(" \t\r\n42\n ") == .integer(42))
        #expect(try parse("-7") == .integer(-7))
        #expect(try parse("1.5") == .double(1.5))
        #expect(try parse(#""text""#) == .string("text"))
        #expect(try parse(#""""#) == .string(""))
        #expect(try parse("[]") == .array([]))
        #expect(try parse("{}") == .object([]))
        #expect(try parse("[ ]") == .array([]))
        #expect(try parse("{ \n}") == .object([]))
        let document = try parse(#"""
            {"version": 1, "nodes": [{"id": 0, "kind": "source", "settings": {"rate": 2.5, "tags": ["a", null, true]}},
                                     {"id": 1, "kind": "map", "settings": {}}], "name": "job"}
            """#)
        #expect(document == .object([
            ("version", .integer(1)),
            ("nodes", .array([
                .object([("id", .integer(0)), ("kind", .string("source")),
                         ("settings", .object([("rate", .double(2.5)), ("tags", .array([.string("a"), .null, .bool(true)]))]))]),
                .object([("id", .integer(1)), ("kind", .string("map")), ("settings", .object([]))]),
            ])),
            ("name", .string("job")),
        ]))
        #expect(document["name"] == .string("job"))
        #expect(document["missing"] == nil)
        #expect(JSONValue.array([])["name"] == nil)
    }

    @Test func objectsKeepDocumentOrderAndEqualityFollowsIt() throws {
        let value = try parse(#"{"b": 1, "a": 2, "c": 3}"#)
        guard case .object(let pairs) = value else { Issue.record("not an object"); return }
        #expect(pairs.map(\.key) == ["b", "a", "c"])
        #expect(value != (try parse(#"{"a": 2, "b": 1, "c": 3}"#)))
        #expect(value == (try parse(#"{ "b":1,"a":2,"c":3 }"#)))
        #expect(JSONValue.integer(1) != .double(1))
        #expect(JSONValue.array([.null]) != .array([.null, .null]))
    }

    @Test func theDocumentationExampleHolds() throws {
        let plan = try JSONValue(parsing: #"{"version": 1, "nodes": [{"kind": "map", "parallelism": 2}]}"#)
        #expect(plan["version"] == .integer(1))
        #expect(plan["nodes"]?.kindName == "array")
        #expect(plan.serialized == #"{"version":1,"nodes":[{"kind":"map","parallelism":2}]}"#)
    }

    @Test func kindNames() throws {
        let kinds = try ["null", "true", "1", "1.0", #""s""#, "[]", "{}"].map { try parse($0).kindName }
        #expect(kinds == ["null", "boolean", "integer", "number", "string", "array", "object"])
    }

    @Test func everyEscape() throws {
        #expect(try parse(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{08}\u{0C}\n\r\t"))
        #expect(try parse(#""\u0041\u00e9\u00E9\u20AC\u0000\u001f""#) == .string("A\u{E9}\u{E9}\u{20AC}\u{0}\u{1F}"))
        #expect(try parse(#""a\nb" "#) == .string("a\nb"))
        #expect(try parse(#""caf\u00e9 — é 😀""#) == .string("café — é 😀"))  // raw UTF-8 passes through
    }

    @Test func surrogatePairsAndLoneSurrogates() throws {
        #expect(try parse(#""\uD83D\uDE00""#) == .string("😀"))
        #expect(try parse(#""x\ud834\udd1ey""#) == .string("x𝄞y"))
        #expect(try parse(#""\uDBFF\uDFFF""#) == .string("\u{10FFFF}"))
        #expect(parseError(#""\uD83D""#)
                == #"plan JSON, line 1 column 2: lone surrogate \uD83D (a high surrogate must be followed by a \uDC00-\uDFFF escape)"#)
        #expect(parseError(#""ab\uD83Dx""#)
                == #"plan JSON, line 1 column 4: lone surrogate \uD83D (a high surrogate must be followed by a \uDC00-\uDFFF escape)"#)
        #expect(parseError(#""\uD83D\u0041""#)
                == #"plan JSON, line 1 column 2: lone surrogate \uD83D (followed by \u0041, not a low surrogate)"#)
        #expect(parseError(#""\uD83D\uD83D""#)
                == #"plan JSON, line 1 column 2: lone surrogate \uD83D (followed by \uD83D, not a low surrogate)"#)
        #expect(parseError(#""\uDE00""#) == #"plan JSON, line 1 column 2: lone surrogate \uDE00 (a low surrogate must follow a high one)"#)
    }

    @Test func malformedStrings() {
        #expect(parseError(#"["abc"#) == "plan JSON, line 1 column 2: unterminated string")
        #expect(parseError(#""abc\"#) == "plan JSON, line 1 column 5: unterminated string")
        #expect(parseError(#""\x""#)
                == #"plan JSON, line 1 column 2: invalid escape \'x' in a string (expected one of \" \\ \/ \b \f \n \r \t \uXXXX)"#)
        #expect(parseError(#""\u12G4""#) == #"plan JSON, line 1 column 2: expected 4 hex digits after \u, got 'G4'"#)
        #expect(parseError(#""\u12"#) == #"plan JSON, line 1 column 2: expected 4 hex digits after \u, got end of input"#)
        #expect(parseError("\"a\nb\"")
                == #"plan JSON, line 1 column 3: control character U+000A in a string (write it as an escape such as \n or \u00XX)"#)
        #expect(parseError("\"\t\"")?.hasPrefix("plan JSON, line 1 column 2: control character U+0009") == true)
        #expect(parseError(#"{'a': 1}"#) == "plan JSON, line 1 column 2: expected a string key or '}' in an object, got '''")
    }

    @Test func numbersAtInt64EdgesAndBeyond() throws {
        #expect(try parse("0") == .integer(0))
        #expect(try parse("-0") == .integer(0))
        #expect(try parse("9223372036854775807") == .integer(.max))
        #expect(try parse("-9223372036854775808") == .integer(.min))
        #expect(try parse("9223372036854775808") == .double(9223372036854775808.0))
        #expect(try parse("-9223372036854775809") == .double(-9223372036854775809.0))
        #expect(try parse("123456789012345678901234567890") == .double(1.2345678901234568e29))
        #expect(try parse("1e2") == .double(100))
        #expect(try parse("1E+2") == .double(100))
        #expect(try parse("25e-1") == .double(2.5))
        #expect(try parse("-0.0") == .double(-0.0))
        #expect(try parse("0.1") == .double(0.1))
        #expect(try parse("1.7976931348623157e308") == .double(.greatestFiniteMagnitude))
        #expect(try parse("5e-324") == .double(.leastNonzeroMagnitude))
        #expect(try parse("1e-400") == .double(0))
        #expect(try parse("[1,-2.5e3,0]") == .array([.integer(1), .double(-2500), .integer(0)]))
        #expect(parseError("1e400") == "plan JSON, line 1 column 1: the number 1e400 is too large for a double")
        #expect(parseError("[-1e999]") == "plan JSON, line 1 column 2: the number -1e999 is too large for a double")
    }

    @Test func malformedNumbers() {
        let cases: [(String, String)] = [
            ("01", "line 1 column 1: a number cannot have leading zeros"),
            ("-01", "line 1 column 1: a number cannot have leading zeros"),
            ("[00]", "line 1 column 2: a number cannot have leading zeros"),
            ("+1", "line 1 column 1: expected a value, got '+1'"),
            (".5", "line 1 column 1: expected a value, got '.5'"),
            ("1.", "line 1 column 3: expected a digit after '.', got end of input"),
            ("1.e5", "line 1 column 3: expected a digit after '.', got 'e5'"),
            ("1e", "line 1 column 3: expected a digit in the exponent, got end of input"),
            ("1e+", "line 1 column 4: expected a digit in the exponent, got end of input"),
            ("[1E-x]", "line 1 column 5: expected a digit in the exponent, got 'x'"),
            ("-", "line 1 column 2: expected a digit after '-', got end of input"),
            ("NaN", "line 1 column 1: expected a value, got 'NaN'"),
            ("Infinity", "line 1 column 1: expected a value, got 'Infinity'"),
            ("-Infinity", "line 1 column 2: expected a digit after '-', got 'Infinity'"),
            ("0x10", "line 1 column 2: expected end of input after the value, got 'x10'"),
            ("1 2", "line 1 column 3: expected end of input after the value, got '2'"),
        ]
        for (text, message) in cases {
            #expect(parseError(text) == "plan JSON, " + message, "\(text)")
        }
    }

    @Test func malformedStructureWithLineAndColumn() {
        let cases: [(String, String)] = [
            ("", "line 1 column 1: expected a value, got end of input"),
            ("   ", "line 1 column 4: expected a value, got end of input"),
            ("[", "line 1 column 2: expected a value, got end of input"),
            ("[1,]", "line 1 column 4: expected a value, got ']'"),
            ("[1 2]", "line 1 column 4: expected ',' or ']' in an array, got '2'"),
            ("[1", "line 1 column 3: expected ',' or ']' in an array, got end of input"),
            (#"{"a" 1}"#, "line 1 column 6: expected ':' after the key 'a', got '1'"),
            ("{a:1}", "line 1 column 2: expected a string key or '}' in an object, got 'a'"),
            (#"{"a":1,}"#, "line 1 column 8: expected a string key in an object, got '}'"),
            (#"{"a":1 "b":2}"#, "line 1 column 8: expected ',' or '}' in an object, got '\"'"),
            (#"{"a":}"#, "line 1 column 6: expected a value, got '}'"),
            ("[1] x", "line 1 column 5: expected end of input after the value, got 'x'"),
            ("[1]]", "line 1 column 4: expected end of input after the value, got ']'"),
            ("tru", "line 1 column 1: expected a value, got 'tru'"),
            ("nul", "line 1 column 1: expected a value, got 'nul'"),
            ("True", "line 1 column 1: expected a value, got 'True'"),
            ("truex", "line 1 column 5: expected end of input after the value, got 'x'"),
            ("{\n  \"a\": 1,\n  \"b\": tru\n}", "line 3 column 8: expected a value, got 'tru'"),
            ("[\r\n1,\r\n?]", "line 3 column 1: expected a value, got '?'"),
            (#"["é😀", ?]"#, "line 1 column 8: expected a value, got '?'"),  // columns count characters
            ("\u{FEFF}1", "line 1 column 1: expected a value, got U+FEFF"),
            ("[1,\u{0C}2]", "line 1 column 4: expected a value, got U+000C"),  // form feed is not JSON whitespace
            ("“a”", "line 1 column 1: expected a value, got '“' (U+201C)"),
        ]
        for (text, message) in cases {
            #expect(parseError(text) == "plan JSON, " + message, "\(text)")
        }
    }

    @Test func nestingDeeperThanTheLimitIsAnError() throws {
        let deep64 = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(parseError(deep64) == nil)
        let deep65 = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(parseError(deep65) == "plan JSON, line 1 column 65: containers nested deeper than 64 levels")
        #expect(parseError(String(repeating: #"{"a":"#, count: 65) + "1" + String(repeating: "}", count: 65))
                == "plan JSON, line 1 column 321: containers nested deeper than 64 levels")
        #expect(parseError("[[[]]]", maxDepth: 2) == "plan JSON, line 1 column 3: containers nested deeper than 2 levels")
        #expect(parseError("[[1]]", maxDepth: 2) == nil)
        #expect(parseError("1", maxDepth: 0) == nil)
        #expect(parseError("[]", maxDepth: 0) == "plan JSON, line 1 column 1: containers nested deeper than 0 levels")
        // Far past any stack: raises, and the parser's own stack holds it when allowed.
        #expect(parseError(String(repeating: "[", count: 100_000))
                == "plan JSON, line 1 column 65: containers nested deeper than 64 levels")
        #expect(parseError(String(repeating: #"{"k":"#, count: 100_000))?.hasSuffix("nested deeper than 64 levels") == true)
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(parseError(deep, maxDepth: 10_000) == nil)
    }

    @Test func duplicateKeysAreAnError() {
        #expect(parseError(#"{"a": 1, "b": 2, "a": 3}"#) == "plan JSON, line 1 column 18: duplicate key 'a'")
        #expect(parseError("{\"x\": {\"k\": 1,\n \"k\": 2}}") == "plan JSON, line 2 column 2: duplicate key 'k'")
        #expect(parseError(#"{"k": {"k": 1}, "j": {"k": 2}}"#) == nil)  // the same key in different objects
        #expect(parseError(#"{"\u0061": 1, "a": 2}"#) == "plan JSON, line 1 column 15: duplicate key 'a'")  // compared decoded
    }

    @Test func serializedIsCompactAndEscaped() throws {
        let value = try parse(#"{ "a" : [1, 2.5, true, null], "b": {"c": "x\"y\\z\n\u0001"} }"#)
        #expect(value.serialized == #"{"a":[1,2.5,true,null],"b":{"c":"x\"y\\z\n\u0001"}}"#)
        #expect(JSONValue.string("\u{08}\u{0C}\r\t\u{1F}/é").serialized == #""\b\f\r\t\u001F/é""#)
        #expect(JSONValue.double(1).serialized == "1.0")
        #expect(JSONValue.double(1e16).serialized == "1e+16")
        #expect(JSONValue.double(.infinity).serialized == "null")
        #expect(JSONValue.double(.nan).serialized == "null")
        #expect(JSONValue.object([]).description == "{}")
    }

    @Test func serializedReadsBackEqual() throws {
        let control = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        let strings = ["", "plain", "quote \" and backslash \\ and slash /", control, "é€😀𝄞\u{10FFFF}", "\u{7F}\u{2028}",
                       #"\u0041 not an escape"#, String(repeating: "long ", count: 1000)]
        let doubles: [Double] = [0.1, 0.2 + 0.1, -0.0, 1e-7, 1e300, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                                 1.0, 123.0, 9007199254740994, 9.223372036854775807e18, 1 / 3, 2.5e-308, 6.02214076e23]
        var values: [JSONValue] = strings.map { .string($0) } + doubles.map { .double($0) }
        values += [.integer(.max), .integer(.min), .integer(0), .null, .bool(false),
                   .object(strings.map { ($0, .array([.string($0)])) })]
        for value in values {
            let text = value.serialized
            #expect(try JSONValue(parsing: text) == value, "\(text)")
        }
        for d in doubles {
            guard case .double(let back) = try JSONValue(parsing: JSONValue.double(d).serialized) else {
                Issue.record("\(d) did not read back as a double"); continue
            }
            #expect(back.bitPattern == d.bitPattern)
        }
    }
}

// MARK: - Decoding

private enum Mode: String, Decodable, CaseIterable { case streaming, batch }
private enum Level: Int, Decodable { case low = 1, high = 2 }

private struct WindowSpec: Decodable, Equatable {
    var sizeMs: Int64
    var slideMs: Int64?
}

private struct JobSettings: Decodable, Equatable {
    var parallelism: Int32
    var outputType: String
    var bufferTimeoutMs: Int64?
    var maxDepth2: UInt8
    var ratio: Double
    var scale: Float
    var enabled: Bool
    var mode: Mode
    var level: Level?
    var fields: [String]
    var windows: [WindowSpec]
    var window: WindowSpec?
    var udf: JSONValue
    var properties: [String: String]
    var weights: [Int?]
    var note: String?
}

private let fullSettings = #"""
    {"parallelism": 4, "output_type": "row<a:i64>", "buffer_timeout_ms": 100, "max_depth2": 255,
     "ratio": 1, "scale": 0.5, "enabled": true, "mode": "batch", "level": 2,
     "fields": ["a", "b"], "windows": [{"size_ms": 1000}, {"size_ms": 10, "slide_ms": 5}],
     "window": {"size_ms": 60000, "slide_ms": null},
     "udf": {"module": "m", "Any Key": [1, {"nested": true}]},
     "properties": {"bootstrap.servers": "k:9092", "groupId": "g"}, "weights": [1, null, 3]}
    """#

/// Explicit CodingKeys with raw values are Swift names too: converted to snake_case the same way.
private struct Explicit: Decodable {
    var ids: [Int]
    var keyType: String
    enum CodingKeys: String, CodingKey {
        case ids = "inputIds"
        case keyType
    }
}

/// A hand-written init that asks with `contains` (such keys count as known) and validates.
private struct Checked: Decodable {
    var size: Int
    var legacy: Bool
    enum CodingKeys: CodingKey { case size, legacyMode }
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        legacy = container.contains(.legacyMode)
        size = try container.decode(Int.self, forKey: .size)
        guard size > 0 else {
            throw DecodingError.dataCorruptedError(forKey: .size, in: container, debugDescription: "must be positive")
        }
    }
}

/// A source chosen by a `type` field: one container reads the type, the concrete struct the rest;
/// both count towards the object's known keys.
private enum Source: Decodable, Equatable {
    case kafka(Kafka)
    case file(File)
    struct Kafka: Decodable, Equatable { var type: String; var topic: String }
    struct File: Decodable, Equatable { var path: String }
    enum TypeKey: CodingKey { case type }
    init(from decoder: any Decoder) throws {
        let kind = try decoder.container(keyedBy: TypeKey.self).decode(String.self, forKey: .type)
        switch kind {
        case "kafka": self = .kafka(try Kafka(from: decoder))
        case "file": self = .file(try File(from: decoder))
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [TypeKey.type], debugDescription: "no source type '\(kind)'"))
        }
    }
}

private struct Thrower: Decodable {
    struct Oops: Error, CustomStringConvertible { var description: String { "oops" } }
    init(from decoder: any Decoder) throws { throw Oops() }
}

private struct Integers: Decodable {
    var i8: Int8?, i16: Int16?, i32: Int32?, i64: Int64?, int: Int?, int128: Int128?
    var u8: UInt8?, u16: UInt16?, u32: UInt32?, u64: UInt64?, uint: UInt?, uint128: UInt128?
    var d: Double?, f: Float?
}

private struct DocWindowSettings: Decodable { var sizeMs: Int64; var allowedLatenessMs: Int64? }
private struct DocMapSettings: Decodable { var parallelism: Int32; var outputType: String; var window: DocWindowSettings? }

@Suite struct JSONValueDecoderTests {
    @Test func theDocumentationExampleHolds() throws {
        let json = try JSONValue(parsing: #"{"parallelism": 2, "output_type": "i64", "window": {"size_ms": 1000}}"#)
        let settings = try json.decode(DocMapSettings.self, path: "settings")
        #expect(settings.parallelism == 2 && settings.outputType == "i64" && settings.window?.sizeMs == 1000)
        #expect(try decodeError(DocMapSettings.self, #"{"parallelism": 2, "output_type": "i64", "window": {"size_ms": 1000, "allowed_latenes_ms": 5}}"#)
                == "unknown setting 'settings.window.allowed_latenes_ms' (did you mean 'allowed_lateness_ms'?)")
        #expect(try decodeError(DocMapSettings.self, #"{"parallelism": 2, "output_type": "i64", "window": {"size_ms": "1s"}}"#)
                == #"settings.window.size_ms: expected an integer, got string "1s""#)
        #expect(try decodeError(DocMapSettings.self, #"{"paralelism": 2, "output_type": "i64"}"#)
                == "settings: missing setting 'parallelism' (found unknown setting 'paralelism')")
    }

    @Test func hintsNameOnlyLikelyKeys() throws {
        // Two edits apart but short: no hint. A long key stays unhinted rather than slow.
        #expect(try decodeError(WindowSpec.self, #"{"size_ms": 1, "sl_ms": 2}"#) == "unknown setting 'settings.sl_ms'")
        let long = String(repeating: "k", count: 5000)
        #expect(try decodeError(WindowSpec.self, #"{"size_ms": 1, "\#(long)": 2}"#) == "unknown setting 'settings.\(long)'")
    }
    @Test func decodesANestedSettingsStruct() throws {
        let settings = try parse(fullSettings).decode(JobSettings.self, path: "settings")
        #expect(settings == JobSettings(
            parallelism: 4, outputType: "row<a:i64>", bufferTimeoutMs: 100, maxDepth2: 255, ratio: 1, scale: 0.5,
            enabled: true, mode: .batch, level: .high, fields: ["a", "b"],
            windows: [WindowSpec(sizeMs: 1000, slideMs: nil), WindowSpec(sizeMs: 10, slideMs: 5)],
            window: WindowSpec(sizeMs: 60000, slideMs: nil),
            udf: try parse(#"{"module": "m", "Any Key": [1, {"nested": true}]}"#),
            properties: ["bootstrap.servers": "k:9092", "groupId": "g"], weights: [1, nil, 3], note: nil))
    }

    @Test func optionalsMayBeMissingOrNull() throws {
        let text = #"""
            {"parallelism": 1, "output_type": "str", "buffer_timeout_ms": null, "max_depth2": 0, "ratio": 0.5, "scale": 1,
             "enabled": false, "mode": "streaming", "fields": [], "windows": [], "udf": null, "properties": {}, "weights": []}
            """#
        let settings = try parse(text).decode(JobSettings.self)
        #expect(settings.bufferTimeoutMs == nil && settings.level == nil && settings.window == nil && settings.note == nil)
        #expect(settings.udf == .null)
        #expect(try decodeError(JobSettings.self, try parse(text).replacing("buffer_timeout_ms", with: .string("soon")).serialized)
                == #"settings.buffer_timeout_ms: expected an integer, got string "soon""#)
    }

    @Test func snakeCaseNames() {
        #expect(snakeCased("outputType") == "output_type")
        #expect(snakeCased("bufferTimeoutMs") == "buffer_timeout_ms")
        #expect(snakeCased("maxDepth2") == "max_depth2")
        #expect(snakeCased("version2Name") == "version2_name")
        #expect(snakeCased("sourceURLPath") == "source_url_path")
        #expect(snakeCased("parallelism") == "parallelism")
        #expect(snakeCased("already_snake") == "already_snake")
        #expect(camelCased("buffer_timeout_ms") == "bufferTimeoutMs")
        #expect(camelCased("max_depth2") == "maxDepth2")
    }

    @Test func explicitCodingKeysAreConvertedToo() throws {
        let value = try parse(#"{"input_ids": [1, 2], "key_type": "str"}"#).decode(Explicit.self)
        #expect(value.ids == [1, 2] && value.keyType == "str")
        #expect(try decodeError(Explicit.self, #"{"inputIds": [1], "key_type": "str"}"#)
                == "settings: missing setting 'input_ids' (found unknown setting 'inputIds')")
    }

    @Test func decodesTopLevelValuesOfEveryShape() throws {
        #expect(try parse("[1, 2, 3]").decode([Int].self) == [1, 2, 3])
        #expect(try parse("[[1], []]").decode([[UInt8]].self) == [[1], []])
        #expect(try parse(#""batch""#).decode(Mode.self) == .batch)
        #expect(try parse("true").decode(Bool.self) == true)
        #expect(try parse("null").decode(Int?.self) == nil)
        #expect(try parse(#"{"a": 1}"#).decode([String: Int].self) == ["a": 1])
        let raw = try parse(#"{"anything": [1, "goes"]}"#)
        #expect(try raw.decode(JSONValue.self) == raw)
        #expect(try raw.decode([String: JSONValue].self) == ["anything": .array([.integer(1), .string("goes")])])
        let type: Int = try parse("7").decode()
        #expect(type == 7)
    }

    @Test func integersOfEveryWidthWithRangeChecks() throws {
        let edges = try parse(#"""
            {"i8": -128, "i16": 32767, "i32": -2147483648, "i64": 9223372036854775807, "int": -9223372036854775808,
             "int128": -5, "u8": 255, "u16": 65535, "u32": 4294967295, "u64": 9223372036854775807, "uint": 0, "uint128": 7,
             "d": 3, "f": 2}
            """#).decode(Integers.self)
        #expect(edges.i8 == -128 && edges.i16 == 32767 && edges.i32 == .min && edges.i64 == .max && edges.int == .min)
        #expect(edges.int128 == -5 && edges.u8 == 255 && edges.u16 == .max && edges.u32 == .max && edges.u64 == UInt64(Int64.max))
        #expect(edges.uint == 0 && edges.uint128 == 7 && edges.d == 3.0 && edges.f == 2.0)
        // An integral double is an integer: 1e3, 2.0, and a large one beyond Int64 for UInt64.
        let doubles = try parse(#"{"i32": 1e3, "u8": 2.0, "u64": 1e19, "i64": -0.0}"#).decode(Integers.self)
        #expect(doubles.i32 == 1000 && doubles.u8 == 2 && doubles.u64 == 10_000_000_000_000_000_000 && doubles.i64 == 0)
        let errors: [(String, String?)] = [
            (#"{"i32": 5000000000}"#, "settings.i32: 5000000000 is out of range for Int32"),
            (#"{"i8": 128}"#, "settings.i8: 128 is out of range for Int8"),
            (#"{"i8": -129}"#, "settings.i8: -129 is out of range for Int8"),
            (#"{"u8": -1}"#, "settings.u8: -1 is out of range for UInt8"),
            (#"{"u16": 65536}"#, "settings.u16: 65536 is out of range for UInt16"),
            (#"{"u32": 1e10}"#, "settings.u32: 10000000000 is out of range for UInt32"),
            (#"{"i64": 9223372036854775808}"#, "settings.i64: 9.223372036854776e+18 is out of range for Int64"),
            (#"{"int": -9223372036854775809}"#, nil),  // reads as the double -2^63, which is Int.min exactly
            (#"{"int": -9223372036854777856}"#, "settings.int: -9.223372036854778e+18 is out of range for Int"),
            (#"{"u64": 18446744073709551616}"#, "settings.u64: 1.8446744073709552e+19 is out of range for UInt64"),
            (#"{"i32": 1.5}"#, "settings.i32: expected an integer, got number 1.5"),
            (#"{"i32": "1"}"#, #"settings.i32: expected an integer, got string "1""#),
            (#"{"i32": true}"#, "settings.i32: expected an integer, got boolean true"),
            (#"{"d": "1.5"}"#, #"settings.d: expected a number, got string "1.5""#),
            (#"{"f": 1e300}"#, "settings.f: 1e+300 is out of range for Float"),
        ]
        for (text, message) in errors {
            #expect(try decodeError(Integers.self, text) == message, "\(text)")
        }
    }

    @Test func typeMismatchesNameThePathAndTheValue() throws {
        let long = String(repeating: "x", count: 60)
        let cases: [(String, String, String)] = [
            ("parallelism", #""abc""#, #"settings.parallelism: expected an integer, got string "abc""#),
            ("parallelism", #""\#(long)""#, #"settings.parallelism: expected an integer, got string "\#(String(repeating: "x", count: 40))...""#),
            ("parallelism", "null", "settings.parallelism: expected an integer, got null"),
            ("enabled", "1", "settings.enabled: expected a boolean, got integer 1"),
            ("enabled", #""true""#, #"settings.enabled: expected a boolean, got string "true""#),
            ("output_type", "5", "settings.output_type: expected a string, got integer 5"),
            ("output_type", "[1]", "settings.output_type: expected a string, got an array of 1 elements"),
            ("ratio", "false", "settings.ratio: expected a number, got boolean false"),
            ("fields", #""a""#, #"settings.fields: expected an array, got string "a""#),
            ("fields", #"["a", 3]"#, "settings.fields[1]: expected a string, got integer 3"),
            ("window", "[]", "settings.window: expected an object, got an array of 0 elements"),
            ("window", #"{"size_ms": "1s"}"#, #"settings.window.size_ms: expected an integer, got string "1s""#),
            ("windows", #"[{"size_ms": 1}, {"size_ms": 2.5}]"#, "settings.windows[1].size_ms: expected an integer, got number 2.5"),
            ("properties", #"{"a": 1}"#, "settings.properties.a: expected a string, got integer 1"),
            ("properties", #"{"camelKey": {}}"#, "settings.properties.camelKey: expected a string, got an object with 0 keys"),
            ("weights", #"[1, "2"]"#, #"settings.weights[1]: expected an integer, got string "2""#),
            ("mode", #""fast""#, "settings.mode: 'fast' is not a valid value (expected one of: 'streaming', 'batch')"),
            ("mode", "1", "settings.mode: expected a string, got integer 1"),
            ("level", "3", "settings.level: 3 is not a valid value"),
            ("max_depth2", "256", "settings.max_depth2: 256 is out of range for UInt8"),
        ]
        for (key, replacement, message) in cases {
            let text = try parse(fullSettings).replacing(key, with: try parse(replacement)).serialized
            #expect(try decodeError(JobSettings.self, text) == message, "\(key): \(replacement)")
        }
        // Without a path, messages start at the first key; a top-level mismatch has no path at all.
        #expect(try decodeError(JobSettings.self, try parse(fullSettings).replacing("ratio", with: .null).serialized, path: "")
                == "ratio: expected a number, got null")
        #expect(try decodeError(JobSettings.self, "[]", path: "") == "expected an object, got an array of 0 elements")
        #expect(try decodeError([Int].self, #"[1, "x"]"#, path: "") == #"[1]: expected an integer, got string "x""#)
    }

    @Test func missingSettings() throws {
        let missingWindowSize = try parse(fullSettings).replacing("window", with: try parse(#"{"slide_ms": 1}"#)).serialized
        #expect(try decodeError(JobSettings.self, missingWindowSize) == "settings.window: missing setting 'size_ms'")
        #expect(try decodeError(JobSettings.self, "{}") == "settings: missing setting 'parallelism'")
        #expect(try decodeError(JobSettings.self, "{}", path: "") == "missing setting 'parallelism'")
        #expect(try decodeError(JobSettings.self, try parse(fullSettings).removing("mode").serialized) == "settings: missing setting 'mode'")
        // A misspelt required key: the missing one is named with the stranger that is probably it.
        let misspelt = try parse(fullSettings).renaming("parallelism", to: "paralelism").serialized
        #expect(try decodeError(JobSettings.self, misspelt)
                == "settings: missing setting 'parallelism' (found unknown setting 'paralelism')")
    }

    @Test func unknownSettingsAreErrorsAtEveryLevel() throws {
        #expect(try decodeError(JobSettings.self, try parse(fullSettings).renaming("buffer_timeout_ms", to: "bufer_timeout_ms").serialized)
                == "unknown setting 'settings.bufer_timeout_ms' (did you mean 'buffer_timeout_ms'?)")
        #expect(try decodeError(JobSettings.self, try parse(fullSettings).renaming("buffer_timeout_ms", to: "bufferTimeoutMs").serialized)
                == "unknown setting 'settings.bufferTimeoutMs' (did you mean 'buffer_timeout_ms'?)")
        #expect(try decodeError(JobSettings.self, try parse(fullSettings).adding("colour", .string("red")).serialized)
                == "unknown setting 'settings.colour'")
        #expect(try decodeError(JobSettings.self, try parse(fullSettings).adding("colour", .null).serialized, path: "")
                == "unknown setting 'colour'")
        let nested = try parse(fullSettings).replacing("window", with: try parse(#"{"size_ms": 1, "slid_ms": 2}"#)).serialized
        #expect(try decodeError(JobSettings.self, nested) == "unknown setting 'settings.window.slid_ms' (did you mean 'slide_ms'?)")
        let inArray = try parse(fullSettings).replacing("windows", with: try parse(#"[{"size_ms": 1}, {"size_ms": 1, "extra": 0}]"#)).serialized
        #expect(try decodeError(JobSettings.self, inArray) == "unknown setting 'settings.windows[1].extra'")
        // The raw sub-document and a dictionary's keys are data: any keys go.
        #expect(try decodeError(JobSettings.self, fullSettings) == nil)
    }

    @Test func containsCountsAsKnownAndHandWrittenErrorsKeepTheirMessage() throws {
        let checked = try parse(#"{"size": 3, "legacy_mode": "anything"}"#).decode(Checked.self)
        #expect(checked.size == 3 && checked.legacy)
        #expect(try parse(#"{"size": 3}"#).decode(Checked.self).legacy == false)
        #expect(try decodeError(Checked.self, #"{"size": 0}"#, path: "sink") == "sink.size: must be positive")
        #expect(try decodeError(Checked.self, #"{"size": 1, "legacy": 1}"#) == "unknown setting 'settings.legacy'")
        #expect(try decodeError(Thrower.self, "{}", path: "op") == "op: oops")
    }

    @Test func keysAskedForByTwoContainersOverOneObjectAreAllKnown() throws {
        let text = #"[{"type": "kafka", "topic": "t"}, {"type": "file", "path": "/tmp/x"}]"#
        #expect(try parse(text).decode([Source].self) == [.kafka(.init(type: "kafka", topic: "t")), .file(.init(path: "/tmp/x"))])
        #expect(try decodeError([Source].self, #"[{"type": "file", "path": "p", "topic": "t"}]"#, path: "sources")
                == "unknown setting 'sources[0].topic'")
        #expect(try decodeError([Source].self, #"[{"type": "ftp"}]"#, path: "sources") == "sources[0].type: no source type 'ftp'")
    }
}

// Editing documents for the tests: one setting changed, removed, renamed or added.
private extension JSONValue {
    func replacing(_ key: String, with value: JSONValue) -> JSONValue {
        guard case .object(let pairs) = self else { return self }
        return .object(pairs.map { $0.key == key ? ($0.key, value) : $0 })
    }
    func removing(_ key: String) -> JSONValue {
        guard case .object(let pairs) = self else { return self }
        return .object(pairs.filter { $0.key != key })
    }
    func renaming(_ key: String, to newKey: String) -> JSONValue {
        guard case .object(let pairs) = self else { return self }
        return .object(pairs.map { $0.key == key ? (newKey, $0.value) : $0 })
    }
    func adding(_ key: String, _ value: JSONValue) -> JSONValue {
        guard case .object(let pairs) = self else { return self }
        return .object(pairs + [(key, value)])
    }
}
