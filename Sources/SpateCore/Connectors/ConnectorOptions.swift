/// A table's connector options (`TableDescriptor.option(...)`), read as Flink's factories read
/// them: each option asked for is consumed, values are parsed with errors naming the table and the
/// option, and what no one asked for is an error listing the supported options.
///
/// ```swift
/// var options = ConnectorOptions(table: "default_catalog.default_database.out", connector: "print",
///                                options: ["connector": "print", "print-identifier": "x"], sink: true)
/// let identifier = options.string("print-identifier")        // "x"
/// let toStderr = try options.bool("standard-error") ?? false  // false
/// try options.finish(supported: ["print-identifier", "standard-error"])
/// ```
struct ConnectorOptions {
    let table: String
    let connector: String
    let isSink: Bool
    private let all: [String: String]
    private var consumed: Set<String> = ["connector", "property-version"]

    init(table: String, connector: String, options: [String: String], sink: Bool) {
        self.table = table
        self.connector = connector
        self.all = options
        self.isSink = sink
    }

    /// The options' keys, sorted.
    var keys: [String] { all.keys.sorted() }

    mutating func string(_ key: String) -> String? {
        consumed.insert(key)
        return all[key]
    }

    mutating func bool(_ key: String) throws(SpateError) -> Bool? {
        guard let text = string(key) else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw invalidValue(key, text, expected: "a boolean (true or false)")
        }
    }

    mutating func int(_ key: String) throws(SpateError) -> Int64? {
        guard let text = string(key) else { return nil }
        guard let value = Int64(text.trimmingSpaces) else { throw invalidValue(key, text, expected: "an integer") }
        return value
    }

    /// A one-character option (`field-delimiter`): Flink's `\t` spelling is a tab.
    mutating func character(_ key: String) throws(SpateError) -> UInt8? {
        guard let text = string(key) else { return nil }
        let value = text == "\\t" ? "\t" : text
        guard value.utf8.count == 1, let byte = value.utf8.first, byte < 0x80 else {
            throw invalidValue(key, text, expected: "a single character")
        }
        return byte
    }

    /// The value of `key` is not what the option takes (Flink's words, then what it takes).
    func invalidValue(_ key: String, _ value: String, expected: String) -> SpateError {
        failure("Could not parse value '\(value)' for key '\(key)' (expected \(expected)).")
    }

    /// Flink's error for a table whose options cannot make its source or sink, with the cause.
    func failure(_ cause: String) -> SpateError {
        let what = isSink ? "Unable to create a sink for writing table '\(table)'."
                          : "Unable to create a source for reading table '\(table)'."
        let listed = keys.map { "'\($0)'='\(all[$0]!)'" }.joined(separator: "\n")
        return .invalid("\(what)\n\nTable options are:\n\n\(listed)\n\n\(cause)")
    }

    /// Checks that every option was asked for; `supported` lists the connector's options (and
    /// patterns such as `fields.#.kind`) for the message.
    func finish(supported: [String]) throws(SpateError) {
        let unknown = all.keys.filter { !consumed.contains($0) }.sorted()
        guard !unknown.isEmpty else { return }
        let known = (supported + ["connector", "property-version"]).sorted()
        throw failure("Unsupported options found for '\(connector)'.\n\nUnsupported options:\n\n"
                      + unknown.joined(separator: "\n") + "\n\nSupported options:\n\n" + known.joined(separator: "\n"))
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return Substring()
        }
        return self[first...last]
    }
}
