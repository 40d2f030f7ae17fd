/// Typed settings from a plan: a `Decoder` over `JSONValue`, so each operator's settings are a
/// plain `Decodable` struct with a synthesized conformance.
///
/// ```swift
/// struct WindowSettings: Decodable { var sizeMs: Int64; var allowedLatenessMs: Int64? }
/// struct MapSettings: Decodable { var parallelism: Int32; var outputType: String; var window: WindowSettings? }
///
/// let json = try JSONValue(parsing: #"{"parallelism": 2, "output_type": "i64", "window": {"size_ms": 1000}}"#)
/// let settings = try json.decode(MapSettings.self, path: "settings")
/// // "window": {"size_ms": 1000, "allowed_latenes_ms": 5}
/// //     -> unknown setting 'settings.window.allowed_latenes_ms' (did you mean 'allowed_lateness_ms'?)
/// // "window": {"size_ms": "1s"}  -> settings.window.size_ms: expected an integer, got string "1s"
/// // "paralelism": 2              -> settings: missing setting 'parallelism' (found unknown setting 'paralelism')
/// ```
///
/// The rules, chosen so a plan written by hand or by the Python API fails with a message naming
/// the setting to fix:
/// - Swift names are looked up as snake_case JSON keys (`outputType` -> `output_type`), for
///   synthesized and explicit CodingKeys alike; `[String: V]` dictionaries keep their keys as is.
/// - Every key of every decoded object must be asked for (decode, decodeIfPresent or contains):
///   a misspelt optional setting would otherwise be silently ignored.
/// - Integers are range-checked for the target type; an integral `.double` (`1e3`) is accepted as
///   an integer and an `.integer` as a Double or Float. Bool and String take only their own kind.
/// - A missing key or `null` decodes as nil for an Optional.
/// - A `JSONValue` property receives the raw sub-document.
extension JSONValue {
    /// Decodes this value as `T`. `path` names this value in messages ("settings" gives
    /// "settings.window.size: ..."). Every failure is a `SpateError(.invalidArgument)`.
    public func decode<T: Decodable>(_ type: T.Type = T.self, path: String = "") throws(SpateError) -> T {
        let session = DecodingSession(prefix: path)
        do {
            let value = try session.unbox(T.self, from: self, at: [])
            try session.checkAllKeysAsked()
            return value
        } catch {
            throw session.spateError(error)
        }
    }
}

extension JSONValue: Decodable {
    /// From our decoder: the raw value, so a struct can keep a sub-document as it is. From any other
    /// decoder: the closest JSON value its containers give.
    public init(from decoder: any Decoder) throws {
        if let ours = decoder as? PlanDecoder {
            self = ours.value
            return
        }
        if let single = try? decoder.singleValueContainer() {
            if single.decodeNil() { self = .null; return }
            if let b = try? single.decode(Bool.self) { self = .bool(b); return }
            if let i = try? single.decode(Int64.self) { self = .integer(i); return }
            if let d = try? single.decode(Double.self) { self = .double(d); return }
            if let s = try? single.decode(String.self) { self = .string(s); return }
        }
        if var unkeyed = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !unkeyed.isAtEnd { elements.append(try unkeyed.decode(JSONValue.self)) }
            self = .array(elements)
            return
        }
        let keyed = try decoder.container(keyedBy: JSONKey.self)
        self = .object(try keyed.allKeys.map { ($0.stringValue, try keyed.decode(JSONValue.self, forKey: $0)) })
    }
}

// MARK: - Keys and paths

/// A key as it is written in the JSON document (already snake_case, or a dictionary's own key).
struct JSONKey: CodingKey {
    let stringValue: String
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}

/// An array position, shown as `[i]` in paths.
struct JSONIndex: CodingKey {
    let index: Int
    init(_ index: Int) { self.index = index }
    var stringValue: String { String(index) }
    var intValue: Int? { index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { index = intValue }
}

/// `outputType` -> `output_type`, `bufferTimeoutMs` -> `buffer_timeout_ms`, `maxDepth2` ->
/// `max_depth2`, `sourceURLPath` -> `source_url_path` (a run of capitals is one word). ASCII
/// letters only; a name with no capitals is returned unchanged, so snake_case names pass through.
func snakeCased(_ name: String) -> String {
    let scalars = Array(name.unicodeScalars)
    guard scalars.contains(where: isUpper) else { return name }
    var out = String.UnicodeScalarView()
    for (i, c) in scalars.enumerated() {
        guard isUpper(c) else { out.append(c); continue }
        if i > 0 {
            let previous = scalars[i - 1]
            let nextIsLower = i + 1 < scalars.count && isLower(scalars[i + 1])
            if isLower(previous) || isDigit(previous) || (isUpper(previous) && nextIsLower) {
                out.append("_")
            }
        }
        out.append(Unicode.Scalar(UInt8(c.value) + 32))
    }
    return String(out)
}

/// The inverse of `snakeCased` for the keys it produces (`output_type` -> `outputType`); used
/// only to list an object's keys as a Decodable type's CodingKeys (`allKeys`).
func camelCased(_ key: String) -> String {
    var out = String.UnicodeScalarView()
    var upperNext = false
    for c in key.unicodeScalars {
        if c == "_" && !out.isEmpty { upperNext = true; continue }
        if upperNext && isLower(c) { out.append(Unicode.Scalar(UInt8(c.value) - 32)) } else { out.append(c) }
        upperNext = false
    }
    return String(out)
}

private func isUpper(_ c: Unicode.Scalar) -> Bool { c.value >= 0x41 && c.value <= 0x5A }
private func isLower(_ c: Unicode.Scalar) -> Bool { c.value >= 0x61 && c.value <= 0x7A }
private func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }

/// The JSON key a CodingKey stands for: ours are JSON keys already; a type's own keys are Swift names.
private func jsonName(_ key: any CodingKey) -> String {
    if key is JSONKey { return key.stringValue }
    return snakeCased(key.stringValue)
}

// MARK: - Session: what one top-level decode shares

/// Marks a DecodingError as one this decoder raised, whose debugDescription is the finished message.
private struct PlanMessage: Error {}

/// One decoded object: its keys, and those the Decodable type asked for.
private final class KeyUsage {
    let path: [any CodingKey]
    let keys: [String]
    var asked: Set<String> = []
    init(path: [any CodingKey], keys: [String]) {
        self.path = path
        self.keys = keys
    }
}

final class DecodingSession {
    let prefix: String
    /// By rendered path, so two containers over one object (a `type` field read first, the rest by
    /// the concrete type) share what was asked for. `order` keeps the first-seen order for messages.
    private var usages: [String: KeyUsage] = [:]
    private var order: [KeyUsage] = []

    init(prefix: String) { self.prefix = prefix }

    fileprivate func usage(at path: [any CodingKey], keys: [String]) -> KeyUsage {
        let name = render(path)
        if let usage = usages[name] { return usage }
        let usage = KeyUsage(path: path, keys: keys)
        usages[name] = usage
        order.append(usage)
        return usage
    }

    /// "settings.window.size", "settings.nodes[2].kind": the prefix, then snake_case keys.
    func render(_ path: [any CodingKey]) -> String {
        var out = prefix
        for key in path {
            if let index = key as? JSONIndex {
                out += "[\(index.index)]"
            } else if let i = key.intValue, key.stringValue == "Index \(i)" {
                out += "[\(i)]"  // the standard library's key for an unkeyed container's position
            } else {
                if !out.isEmpty { out += "." }
                out += jsonName(key)
            }
        }
        return out
    }

    /// `path: message`, or the message alone for the unnamed top level.
    func message(at path: [any CodingKey], _ text: String) -> String {
        let where_ = render(path)
        return where_.isEmpty ? text : "\(where_): \(text)"
    }

    /// A DecodingError carrying a finished message (see `spateError`).
    func failure(_ kind: FailureKind, at path: [any CodingKey], _ text: String) -> DecodingError {
        let context = DecodingError.Context(codingPath: path, debugDescription: message(at: path, text), underlyingError: PlanMessage())
        switch kind {
        case .typeMismatch(let type): return .typeMismatch(type, context)
        case .keyNotFound(let key): return .keyNotFound(key, context)
        case .dataCorrupted: return .dataCorrupted(context)
        }
    }

    enum FailureKind {
        case typeMismatch(Any.Type)
        case keyNotFound(any CodingKey)
        case dataCorrupted
    }

    /// The one place where errors from decoding become SpateErrors. Ours already hold their
    /// message; errors raised by a type's own `init(from:)` (the standard library's, or a hand
    /// written one) are phrased here.
    func spateError(_ error: any Error) -> SpateError {
        if let error = error as? SpateError { return error }
        guard let error = error as? DecodingError else {
            return SpateError(.invalidArgument, message(at: [], "\(error)"))
        }
        switch error {
        case .typeMismatch(let type, let context):
            if context.underlyingError is PlanMessage { return .invalid(context.debugDescription) }
            return .invalid(message(at: context.codingPath, "expected \(type): \(context.debugDescription)"))
        case .valueNotFound(let type, let context):
            if context.underlyingError is PlanMessage { return .invalid(context.debugDescription) }
            return .invalid(message(at: context.codingPath, "expected \(type), got null"))
        case .keyNotFound(let key, let context):
            if context.underlyingError is PlanMessage { return .invalid(context.debugDescription) }
            return .invalid(message(at: context.codingPath, "missing setting '\(jsonName(key))'"))
        case .dataCorrupted(let context):
            if context.underlyingError is PlanMessage { return .invalid(context.debugDescription) }
            return .invalid(message(at: context.codingPath, context.debugDescription))
        @unknown default:
            return .invalid(message(at: [], "\(error)"))
        }
    }

    /// After a successful decode: every key of every decoded object must have been asked for.
    func checkAllKeysAsked() throws(SpateError) {
        for usage in order {
            for key in usage.keys where !usage.asked.contains(key) {
                var text = "unknown setting '\(render(usage.path + [JSONKey(key)]))'"
                if let near = closest(to: key, among: usage.asked.subtracting(usage.keys)) { text += " (did you mean '\(near)'?)" }
                throw SpateError(.invalidArgument, text)
            }
        }
    }

    // MARK: Decoding values

    /// Decodes `T` from `value` at `path`: the single entry for every nested value.
    func unbox<T: Decodable>(_ type: T.Type, from value: JSONValue, at path: [any CodingKey]) throws -> T {
        if T.self == JSONValue.self, let raw = value as? T { return raw }
        if let dictionary = T.self as? any StringKeyedDictionary.Type {
            // The keys of a [String: V] are data, not names: no snake_case, no unknown-key check.
            guard let result = try dictionary.decodePlan(from: value, at: path, session: self) as? T else {
                throw failure(.dataCorrupted, at: path, "cannot decode \(T.self)")
            }
            return result
        }
        do {
            return try T(from: PlanDecoder(value: value, codingPath: path, session: self))
        } catch DecodingError.dataCorrupted(let context)
            where !(context.underlyingError is PlanMessage) && context.codingPath.count == path.count
            && context.debugDescription.hasPrefix("Cannot initialize") {
            // The standard library's RawRepresentable init(from:) failing: the value is not one of
            // the enum's raw values. Name the value, and the choices when the enum lists them.
            var text = "\(Self.shortDescription(value, quoted: true)) is not a valid value"
            if let choices = T.self as? any (CaseIterable & RawRepresentable).Type {
                text += " (expected one of: \(Self.rawValues(of: choices).joined(separator: ", ")))"
            }
            throw failure(.dataCorrupted, at: path, text)
        }
    }

    private static func rawValues<E: CaseIterable & RawRepresentable>(of type: E.Type) -> [String] {
        type.allCases.map { value in
            if let string = value.rawValue as? String { return "'\(string)'" }
            return "\(value.rawValue)"
        }
    }

    func expectBool(_ value: JSONValue, at path: [any CodingKey]) throws -> Bool {
        guard case .bool(let b) = value else { throw mismatch(Bool.self, "a boolean", value, at: path) }
        return b
    }

    func expectString(_ value: JSONValue, at path: [any CodingKey]) throws -> String {
        guard case .string(let s) = value else { throw mismatch(String.self, "a string", value, at: path) }
        return s
    }

    func expectInteger<T: FixedWidthInteger>(_ type: T.Type, _ value: JSONValue, at path: [any CodingKey]) throws -> T {
        switch value {
        case .integer(let i):
            guard let result = T(exactly: i) else { throw failure(.dataCorrupted, at: path, "\(i) is out of range for \(T.self)") }
            return result
        case .double(let d) where d.isFinite && d.rounded(.towardZero) == d:
            guard let result = T(exactly: d) else {
                throw failure(.dataCorrupted, at: path, "\(Self.numberText(d)) is out of range for \(T.self)")
            }
            return result
        default:
            throw mismatch(T.self, "an integer", value, at: path)
        }
    }

    func expectDouble(_ value: JSONValue, at path: [any CodingKey]) throws -> Double {
        switch value {
        case .integer(let i): return Double(i)
        case .double(let d): return d
        default: throw mismatch(Double.self, "a number", value, at: path)
        }
    }

    func expectFloat(_ value: JSONValue, at path: [any CodingKey]) throws -> Float {
        let d = try expectDouble(value, at: path)
        let f = Float(d)
        guard f.isFinite || !d.isFinite else {
            throw failure(.dataCorrupted, at: path, "\(Self.numberText(d)) is out of range for Float")
        }
        return f
    }

    func mismatch(_ type: Any.Type, _ expected: String, _ value: JSONValue, at path: [any CodingKey]) -> DecodingError {
        failure(.typeMismatch(type), at: path, "expected \(expected), got \(Self.shortDescription(value, quoted: false))")
    }

    /// A value as messages show it: `string "abc"` (cut at 40 characters), `integer 5`,
    /// `number 1.5`, `boolean true`, `null`, `array`, `object`. `quoted` gives the value alone
    /// (`'abc'`, `5`) for "... is not a valid value".
    static func shortDescription(_ value: JSONValue, quoted: Bool) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return quoted ? "\(b)" : "boolean \(b)"
        case .integer(let i): return quoted ? "\(i)" : "integer \(i)"
        case .double(let d): return quoted ? numberText(d) : "number \(numberText(d))"
        case .string(let s):
            let cut = s.count > 40 ? String(s.prefix(40)) + "..." : s
            if quoted { return "'\(cut)'" }
            var out = "string "
            JSONValue.writeString(cut, to: &out)
            return out
        case .array(let elements): return "an array of \(elements.count) elements"
        case .object(let pairs): return "an object with \(pairs.count) keys"
        }
    }

    /// An integral double as an integer when it has one exactly (5000000000, not 5000000000.0).
    static func numberText(_ d: Double) -> String {
        if d.rounded(.towardZero) == d, let i = Int64(exactly: d), i.magnitude < 1 << 53 { return String(i) }
        return JSONValue.numberText(d)
    }
}

/// The candidate `key` most likely stands for: one equal to it in snake_case (`bufferTimeoutMs`
/// for `buffer_timeout_ms`), else the nearest by edit distance (Levenshtein) within 1 edit, or 2
/// for keys of 10 characters or more (closer bounds name unrelated short keys: `slide_ms` is 2
/// edits from `size_ms`). Ties go to the first in sorted order.
private func closest(to key: String, among candidates: Set<String>) -> String? {
    if let same = candidates.sorted().first(where: { snakeCased($0) == snakeCased(key) }) { return same }
    let a = Array(key.unicodeScalars)
    guard a.count <= 64 else { return nil }  // the table is quadratic: no hints for absurd keys
    var best: (name: String, distance: Int)? = nil
    for candidate in candidates.sorted() {
        let b = Array(candidate.unicodeScalars)
        guard abs(a.count - b.count) <= 2 else { continue }
        // One row of the edit-distance table at a time.
        var previous = Array(0...b.count)
        for i in a.indices {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for j in b.indices {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (a[i] == b[j] ? 0 : 1))
            }
            previous = current
        }
        let distance = previous[b.count]
        if distance <= (a.count >= 10 ? 2 : 1) && distance < (best?.distance ?? .max) { best = (candidate, distance) }
    }
    return best?.name
}

/// `[String: V]`: decoded with its keys as written (see `DecodingSession.unbox`).
protocol StringKeyedDictionary {
    static func decodePlan(from value: JSONValue, at path: [any CodingKey], session: DecodingSession) throws -> Self
}

extension Dictionary: StringKeyedDictionary where Key == String, Value: Decodable {
    static func decodePlan(from value: JSONValue, at path: [any CodingKey], session: DecodingSession) throws -> Self {
        guard case .object(let pairs) = value else { throw session.mismatch(Self.self, "an object", value, at: path) }
        var result: [String: Value] = [:]
        for (key, element) in pairs {
            result[key] = try session.unbox(Value.self, from: element, at: path + [JSONKey(key)])
        }
        return result
    }
}

// MARK: - Decoder and containers

struct PlanDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    let session: DecodingSession
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let pairs) = value else {
            throw session.mismatch([String: JSONValue].self, "an object", value, at: codingPath)
        }
        return KeyedDecodingContainer(PlanKeyedContainer<Key>(pairs: pairs, codingPath: codingPath, session: session))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw session.mismatch([JSONValue].self, "an array", value, at: codingPath)
        }
        return PlanUnkeyedContainer(elements: elements, codingPath: codingPath, session: session)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        PlanSingleValueContainer(value: value, codingPath: codingPath, session: session)
    }
}

private struct PlanKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let pairs: [(key: String, value: JSONValue)]
    let values: [String: JSONValue]
    let codingPath: [any CodingKey]
    let session: DecodingSession
    let usage: KeyUsage

    init(pairs: [(key: String, value: JSONValue)], codingPath: [any CodingKey], session: DecodingSession) {
        self.pairs = pairs
        // First one wins: parsed objects have unique keys; one built in code might not.
        self.values = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        self.codingPath = codingPath
        self.session = session
        self.usage = session.usage(at: codingPath, keys: pairs.map(\.key))
    }

    var allKeys: [Key] {
        pairs.compactMap { pair in
            for name in [camelCased(pair.key), pair.key] {
                if let key = Key(stringValue: name), snakeCased(key.stringValue) == pair.key { return key }
            }
            return nil
        }
    }

    /// The value for `key`, recording that the type knows the key.
    private func lookup(_ key: Key) -> (name: String, value: JSONValue?) {
        let name = snakeCased(key.stringValue)
        usage.asked.insert(name)
        return (name, values[name])
    }

    private func require(_ key: Key) throws -> (value: JSONValue, path: [any CodingKey]) {
        let (name, value) = lookup(key)
        guard let value else {
            var text = "missing setting '\(name)'"
            // A key the type did not ask for, spelt nearly the same, is most likely the one meant.
            let strangers = Set(usage.keys).subtracting(usage.asked)
            if let near = closest(to: name, among: strangers) { text += " (found unknown setting '\(near)')" }
            throw session.failure(.keyNotFound(key), at: codingPath, text)
        }
        return (value, codingPath + [JSONKey(name)])
    }

    func contains(_ key: Key) -> Bool { lookup(key).value != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        let (value, _) = try require(key)
        return value == .null
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let (value, path) = try require(key)
        return try session.unbox(T.self, from: value, at: path)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        let (name, value) = lookup(key)
        guard let value, value != .null else { return nil }
        return try session.unbox(T.self, from: value, at: codingPath + [JSONKey(name)])
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { let (v, p) = try require(key); return try session.expectBool(v, at: p) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { let (v, p) = try require(key); return try session.expectString(v, at: p) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { let (v, p) = try require(key); return try session.expectDouble(v, at: p) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { let (v, p) = try require(key); return try session.expectFloat(v, at: p) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(key) }
    func decode(_ type: Int128.Type, forKey key: Key) throws -> Int128 { try integer(key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(key) }
    func decode(_ type: UInt128.Type, forKey key: Key) throws -> UInt128 { try integer(key) }

    private func integer<T: FixedWidthInteger>(_ key: Key) throws -> T {
        let (value, path) = try require(key)
        return try session.expectInteger(T.self, value, at: path)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, path) = try require(key)
        return try PlanDecoder(value: value, codingPath: path, session: session).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let (value, path) = try require(key)
        return try PlanDecoder(value: value, codingPath: path, session: session).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { try decoder(forName: "super") }

    func superDecoder(forKey key: Key) throws -> any Decoder { try decoder(forName: snakeCased(key.stringValue)) }

    private func decoder(forName name: String) throws -> any Decoder {
        usage.asked.insert(name)
        let path = codingPath + [JSONKey(name)]
        return PlanDecoder(value: values[name] ?? .null, codingPath: path, session: session)
    }
}

private struct PlanUnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    let session: DecodingSession
    var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey], session: DecodingSession) {
        self.elements = elements
        self.codingPath = codingPath
        self.session = session
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    /// The next element and its path, moving past it.
    private mutating func next() throws -> (value: JSONValue, path: [any CodingKey]) {
        guard currentIndex < elements.count else {
            throw session.failure(.dataCorrupted, at: codingPath, "expected more than \(elements.count) elements")
        }
        defer { currentIndex += 1 }
        return (elements[currentIndex], codingPath + [JSONIndex(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < elements.count, elements[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, path) = try next()
        return try session.unbox(T.self, from: value, at: path)
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { let (v, p) = try next(); return try session.expectBool(v, at: p) }
    mutating func decode(_ type: String.Type) throws -> String { let (v, p) = try next(); return try session.expectString(v, at: p) }
    mutating func decode(_ type: Double.Type) throws -> Double { let (v, p) = try next(); return try session.expectDouble(v, at: p) }
    mutating func decode(_ type: Float.Type) throws -> Float { let (v, p) = try next(); return try session.expectFloat(v, at: p) }
    mutating func decode(_ type: Int.Type) throws -> Int { try integer() }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    mutating func decode(_ type: Int128.Type) throws -> Int128 { try integer() }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }
    mutating func decode(_ type: UInt128.Type) throws -> UInt128 { try integer() }

    private mutating func integer<T: FixedWidthInteger>() throws -> T {
        let (value, path) = try next()
        return try session.expectInteger(T.self, value, at: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, path) = try next()
        return try PlanDecoder(value: value, codingPath: path, session: session).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, path) = try next()
        return try PlanDecoder(value: value, codingPath: path, session: session).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (value, path) = try next()
        return PlanDecoder(value: value, codingPath: path, session: session)
    }
}

private struct PlanSingleValueContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]
    let session: DecodingSession

    func decodeNil() -> Bool { value == .null }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try session.unbox(T.self, from: value, at: codingPath) }
    func decode(_ type: Bool.Type) throws -> Bool { try session.expectBool(value, at: codingPath) }
    func decode(_ type: String.Type) throws -> String { try session.expectString(value, at: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try session.expectDouble(value, at: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try session.expectFloat(value, at: codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try session.expectInteger(Int.self, value, at: codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try session.expectInteger(Int8.self, value, at: codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try session.expectInteger(Int16.self, value, at: codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try session.expectInteger(Int32.self, value, at: codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try session.expectInteger(Int64.self, value, at: codingPath) }
    func decode(_ type: Int128.Type) throws -> Int128 { try session.expectInteger(Int128.self, value, at: codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try session.expectInteger(UInt.self, value, at: codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try session.expectInteger(UInt8.self, value, at: codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try session.expectInteger(UInt16.self, value, at: codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try session.expectInteger(UInt32.self, value, at: codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try session.expectInteger(UInt64.self, value, at: codingPath) }
    func decode(_ type: UInt128.Type) throws -> UInt128 { try session.expectInteger(UInt128.self, value, at: codingPath) }
}
