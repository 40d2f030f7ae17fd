/// Flink's `csv` format: its options, and rows read from and written as CSV text natively.
///
/// Options (`csv.` prefixed in a table's options, or given to `FormatDescriptor.for_format('csv')`):
/// `field-delimiter` (`,`), `quote-character` (`"`), `disable-quote-character`, `allow-comments`
/// (`#` lines skipped), `ignore-parse-errors`, `null-literal` (none: an empty field is NULL, but
/// an empty STRING), `array-element-delimiter` (`;`).
///
/// ```swift
/// var options = ConnectorOptions(table: "t", connector: "filesystem", options: ["csv.field-delimiter": ";"], sink: false)
/// let csv = try CsvOptions(options: &options)
/// csv.fieldDelimiter  // UInt8(ascii: ";")
/// ```
struct CsvOptions: Sendable {
    var fieldDelimiter = UInt8(ascii: ",")
    /// nil: `disable-quote-character`.
    var quoteCharacter: UInt8? = UInt8(ascii: "\"")
    var allowComments = false
    var ignoreParseErrors = false
    var nullLiteral: String?
    var arrayElementDelimiter = ";"

    static let supported = ["field-delimiter", "quote-character", "disable-quote-character", "allow-comments",
                            "ignore-parse-errors", "null-literal", "array-element-delimiter"].map { "csv." + $0 }

    init() {}

    init(options: inout ConnectorOptions) throws(SpateError) {
        fieldDelimiter = try Self.character("csv.field-delimiter", &options) ?? fieldDelimiter
        quoteCharacter = try Self.character("csv.quote-character", &options) ?? quoteCharacter
        if try options.bool("csv.disable-quote-character") == true { quoteCharacter = nil }
        allowComments = try options.bool("csv.allow-comments") ?? false
        ignoreParseErrors = try options.bool("csv.ignore-parse-errors") ?? false
        nullLiteral = options.string("csv.null-literal")
        arrayElementDelimiter = options.string("csv.array-element-delimiter") ?? ";"
        if arrayElementDelimiter.isEmpty { throw options.invalidValue("csv.array-element-delimiter", "", expected: "a delimiter") }
    }

    private static func character(_ key: String, _ options: inout ConnectorOptions) throws(SpateError) -> UInt8? {
        guard let text = options.string(key) else { return nil }
        let value = text == "\\t" ? "\t" : text
        guard value.utf8.count == 1, let byte = value.utf8.first, byte < 0x80, byte != UInt8(ascii: "\n") else {
            throw options.failure("Error creating scan format 'csv' in option space 'csv.'.\n"
                                  + "Option '\(key)' must be a string with single character, but was: \(text)")
        }
        return byte
    }

    /// The column types the format reads and writes.
    static func check(_ type: DataType, options: ConnectorOptions) throws(SpateError) {
        for field in type.fields ?? [] {
            var base = field.type.base
            if case .list(let element) = base { base = element.base }
            switch base {
            case .bool, .int8, .int16, .int32, .int64, .float32, .float64, .string, .char, .decimal, .date, .time, .timestamp:
                continue
            default:
                throw options.failure("The csv format of Spate does not read or write column '\(field.name)' of type \(field.type.sqlName).")
            }
        }
    }
}

/// CSV records out of a stream of bytes, as Jackson's CSV parser splits them for Flink: fields
/// between delimiters, quoted fields (a doubled quote inside is one quote) that may hold delimiters
/// and line breaks, `\n` or `\r\n` line ends, and with `allow-comments` lines starting with `#`
/// skipped.
struct CsvRecordSplitter {
    let options: CsvOptions
    private(set) var buffer: [UInt8] = []
    private var position = 0
    /// The line the next record starts on (from 1).
    private(set) var line = 1

    init(options: CsvOptions) { self.options = options }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        buffer.append(contentsOf: bytes)
    }

    var isEmpty: Bool { position >= buffer.count }

    enum Record {
        /// The record's fields (nil for an empty line) and the line it starts on.
        case fields([[UInt8]]?, line: Int)
        /// A quoted field runs to the end of the file.
        case unterminatedQuote(line: Int)
    }

    /// The next record, or nil when the buffer holds no complete one (`final`: the input has ended,
    /// so what is left is the last record).
    mutating func next(final: Bool) -> Record? {
        while position < buffer.count {
            let start = line
            if options.allowComments && buffer[position] == UInt8(ascii: "#") {
                guard let end = lineEnd(from: position) else {
                    if final { position = buffer.count }
                    return nil
                }
                position = end.next
                line += 1
                continue
            }
            guard let (fields, next, lines) = parse(from: position, final: final) else {
                if final && position < buffer.count {
                    position = buffer.count
                    return .unterminatedQuote(line: start)
                }
                return nil
            }
            position = next
            line += lines
            return .fields(fields, line: start)
        }
        return nil
    }

    private func lineEnd(from start: Int) -> (end: Int, next: Int)? {
        var index = start
        while index < buffer.count && buffer[index] != UInt8(ascii: "\n") { index += 1 }
        guard index < buffer.count else { return nil }
        let end = index > start && buffer[index - 1] == UInt8(ascii: "\r") ? index - 1 : index
        return (end, index + 1)
    }

    /// One record from `start`: its fields, where the next starts and how many lines it took; nil
    /// when it is not complete in the buffer (or, when `final`, a quote is never closed).
    private func parse(from start: Int, final: Bool) -> ([[UInt8]]?, Int, Int)? {
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var index = start
        var lines = 1
        let delimiter = options.fieldDelimiter, quote = options.quoteCharacter
        var atFieldStart = true
        while true {
            guard index < buffer.count else {
                guard final else { return nil }
                if fields.isEmpty && field.isEmpty && atFieldStart { return (nil, index, lines) }
                fields.append(field)
                return (fields, index, lines)
            }
            let byte = buffer[index]
            if atFieldStart, let quote, byte == quote {
                // A quoted field: up to the closing quote; a doubled quote is one quote.
                index += 1
                while true {
                    guard index < buffer.count else { return final ? nil : nil }
                    let inner = buffer[index]
                    if inner == quote {
                        if index + 1 < buffer.count && buffer[index + 1] == quote {
                            field.append(quote)
                            index += 2
                            continue
                        }
                        if index + 1 >= buffer.count && !final { return nil }
                        index += 1
                        break
                    }
                    if inner == UInt8(ascii: "\n") { lines += 1 }
                    field.append(inner)
                    index += 1
                }
                atFieldStart = false
                continue
            }
            atFieldStart = false
            if byte == delimiter {
                fields.append(field)
                field = []
                atFieldStart = true
                index += 1
            } else if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && index + 1 < buffer.count && buffer[index + 1] == UInt8(ascii: "\n")) {
                let next = byte == UInt8(ascii: "\n") ? index + 1 : index + 2
                if fields.isEmpty && field.isEmpty && index == start { return (nil, next, lines) }
                fields.append(field)
                return (fields, next, lines)
            } else if byte == UInt8(ascii: "\r") && index + 1 >= buffer.count && !final {
                return nil  // a "\r\n" split between two reads
            } else {
                field.append(byte)
                index += 1
            }
        }
    }
}
