/// Flink's `json` format: its options, and one JSON object a line read into a table's columns
/// (parsed by `JSONValue`, the plan's JSON reader).
///
/// Options (`json.` prefixed): `fail-on-missing-field` (false: a missing field is NULL),
/// `ignore-parse-errors` (false), `encode.decimal-as-plain-number` (false: `1E+2` for 100).
///
/// ```python
/// TableDescriptor.for_connector('filesystem').schema(schema).option('path', '/data/events') \
///     .format(FormatDescriptor.for_format('json').option('ignore-parse-errors', 'true').build()).build()
/// ```
struct JsonOptions: Sendable {
    var failOnMissingField = false
    var ignoreParseErrors = false
    var decimalAsPlainNumber = false

    static let supported = ["fail-on-missing-field", "ignore-parse-errors", "encode.decimal-as-plain-number"].map { "json." + $0 }

    /// The column types the format reads and writes (nested in arrays and rows too).
    static func check(_ type: DataType, options: ConnectorOptions) throws(SpateError) {
        func supported(_ type: DataType) -> Bool {
            switch type.base {
            case .bool, .int8, .int16, .int32, .int64, .float32, .float64, .string, .char, .decimal, .date, .time, .timestamp:
                return true
            case .list(let element): return supported(element)
            case .row(let fields): return fields.allSatisfy { supported($0.type) }
            default: return false
            }
        }
        for field in type.fields ?? [] where !supported(field.type) {
            throw options.failure("The json format of Spate does not read or write column '\(field.name)' of type \(field.type.sqlName).")
        }
    }

    init(options: inout ConnectorOptions) throws(SpateError) {
        failOnMissingField = try options.bool("json.fail-on-missing-field") ?? false
        ignoreParseErrors = try options.bool("json.ignore-parse-errors") ?? false
        decimalAsPlainNumber = try options.bool("json.encode.decimal-as-plain-number") ?? false
        if failOnMissingField && ignoreParseErrors {
            throw options.failure("fail-on-missing-field and ignore-parse-errors shouldn't both be true.")
        }
    }
}

/// One JSON-lines file's rows, as Flink's json format reads them: a field missing from an object
/// is NULL (an error with `fail-on-missing-field`), fields the table lacks are ignored, blank lines
/// skipped; values convert as Flink converts them (a number or object into a STRING column is its
/// JSON text, `"3"` into an INT is 3, 1.7 into an INT is 1).
///
/// A line that is not a JSON object, or a field that does not convert, fails the job with the
/// file, line and field; with `ignore-parse-errors` the line is skipped, or the field NULL.
final class JsonRows: TableRowReader {
    private let options: JsonOptions
    private let file: String
    private var splitter = LineSplitter()
    private var lines = StringColumn()
    private var taken = 0
    private var line = 0

    init(options: JsonOptions, file: String) {
        self.options = options
        self.file = file
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) { splitter.append(bytes) }

    func takeRows(into column: StructColumn, limit: Int, final: Bool) throws(SpateError) -> Bool {
        while column.count < limit {
            if taken == lines.count {
                lines = StringColumn()
                taken = 0
                splitter.takeLines(into: lines, limit: 1024, final: final)
                if lines.count == 0 { return false }
            }
            let text = lines[taken]
            taken += 1
            line += 1
            if text.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0d }) { continue }
            try read(text, into: column)
        }
        return taken < lines.count || !splitter.isEmpty
    }

    private func read(_ text: String, into column: StructColumn) throws(SpateError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text)
        } catch {
            if options.ignoreParseErrors { return }
            throw SpateError(.runtime, "\(file), line \(line): not valid JSON (\(error.message.replacingAll("plan JSON, line 1 ", with: ""))): \(text)")
        }
        guard case .object = value else {
            if options.ignoreParseErrors { return }
            throw SpateError(.runtime, "\(file), line \(line): expected a JSON object, got \(value.kindName): \(text)")
        }
        let fields = column.type.fields ?? []
        if options.failOnMissingField, let missing = fields.first(where: { value[$0.name] == nil }) {
            throw SpateError(.runtime, "\(file), line \(line): field '\(missing.name)' is missing (Some field is missing "
                             + "in the JSON data.): \(text)")
        }
        for (field, target) in zip(fields, column.fields) {
            if Self.append(value[field.name] ?? .null, to: target) { continue }
            if options.ignoreParseErrors {
                target.appendNull()
                continue
            }
            throw SpateError(.runtime, "\(file), line \(line), field '\(field.name)': cannot read "
                             + "\(value[field.name]!.serialized) as \(field.type.sqlName)")
        }
        try column.appendStruct()
    }

    /// Appends `value` converted to the column's type; false (nothing appended) when it does not convert.
    static func append(_ value: JSONValue, to column: Column) -> Bool {
        if case .null = value {
            column.appendNull()
            return true
        }
        switch (column.type.base, value) {
        case (.string, .string(let text)), (.char, .string(let text)):
            (column as! StringColumn).append(text)
            return true
        case (.string, _), (.char, _):
            (column as! StringColumn).append(value.serialized)
            return true
        case (.bool, .bool(let flag)):
            (column as! BoolColumn).append(flag)
            return true
        case (.int8, .integer(let number)), (.int16, .integer(let number)), (.int32, .integer(let number)), (.int64, .integer(let number)):
            return (try? column.appendInt(number)) != nil
        case (.int8, .double(let number)), (.int16, .double(let number)), (.int32, .double(let number)), (.int64, .double(let number)):
            // Jackson's asLong(): the fraction dropped.
            guard number.isFinite, let whole = Int64(exactly: number.rounded(.towardZero)) else { return false }
            return (try? column.appendInt(whole)) != nil
        case (.float32, .integer(let number)), (.float64, .integer(let number)):
            return (try? column.appendFloat(Double(number))) != nil
        case (.float32, .double(let number)), (.float64, .double(let number)):
            return (try? column.appendFloat(number)) != nil
        case (.decimal, .integer(let number)):
            return TextValues.append(Array(String(number).utf8)[...], to: column)
        case (.decimal, .double(let number)):
            return TextValues.append(Array(number.description.utf8)[...], to: column)
        case (.list, .array(let elements)):
            let list = column as! ListColumn
            let scratch = Column.make(list.elements.type)
            for element in elements where !append(element, to: scratch) { return false }
            list.elements.appendRows(from: scratch, count: scratch.count)
            return (try? list.appendList()) != nil
        case (.row, .object), (.tuple, .object):
            // Read into a scratch row first, so a field that does not convert leaves the column untouched.
            let scratch = StructColumn(type: column.type)
            for (field, target) in zip(scratch.type.fields ?? [], scratch.fields) where !append(value[field.name] ?? .null, to: target) {
                return false
            }
            guard (try? scratch.appendStruct()) != nil else { return false }
            column.appendRows(from: scratch, count: 1)
            return true
        case (_, .string(let text)):
            // Numbers, booleans, dates, times and timestamps from their text.
            return TextValues.append(Array(text.utf8)[...], to: column)
        default:
            return false
        }
    }
}
