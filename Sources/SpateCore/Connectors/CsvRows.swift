/// One CSV file's rows in a table's columns, as Flink's csv format reads them: an empty field is
/// NULL (an empty STRING stays empty), the `null-literal` is NULL, arrays are their elements split
/// by `array-element-delimiter`.
///
/// A malformed row (a field that does not read as its type, too few or too many fields, an empty
/// line, an unclosed quote) fails the job with the file, line and field. With
/// `ignore-parse-errors`, as in Flink: a field that does not read is NULL, missing fields are NULL
/// (an empty line is a row of NULLs), and a row with too many fields or an unclosed quote is skipped.
final class CsvRows: TableRowReader {
    private let options: CsvOptions
    private let file: String
    private var splitter: CsvRecordSplitter

    init(options: CsvOptions, file: String) {
        self.options = options
        self.file = file
        splitter = CsvRecordSplitter(options: options)
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) { splitter.append(bytes) }

    func takeRows(into column: StructColumn, limit: Int, final: Bool) throws(SpateError) -> Bool {
        let names = column.type.fields ?? []
        while column.count < limit {
            guard let record = splitter.next(final: final) else { return false }
            switch record {
            case .unterminatedQuote(let line):
                if options.ignoreParseErrors { continue }
                throw SpateError(.runtime, "\(file), line \(line): a quoted field is not closed before the end of the file")
            case .fields(let fields, let line):
                let fields = fields ?? []
                if fields.count > names.count {
                    if options.ignoreParseErrors { continue }
                    throw SpateError(.runtime, "\(file), line \(line): \(fields.count) fields where the table has "
                                     + "\(names.count) (Too many entries: expected at most \(names.count))")
                }
                if fields.count < names.count && !options.ignoreParseErrors {
                    throw SpateError(.runtime, "\(file), line \(line): \(fields.count == 0 ? "an empty line" : fields.count == 1 ? "1 field" : "\(fields.count) fields") "
                                     + "where the table has \(names.count) (Row length mismatch. \(names.count) fields "
                                     + "expected but was \(Swift.max(fields.count, 1)).)")
                }
                for (position, target) in column.fields.enumerated() {
                    guard position < fields.count else {
                        target.appendNull()
                        continue
                    }
                    if !read(fields[position][...], into: target) {
                        if options.ignoreParseErrors {
                            target.appendNull()
                            continue
                        }
                        let text = String(decoding: fields[position], as: UTF8.self)
                        throw SpateError(.runtime, "\(file), line \(line), field '\(names[position].name)': cannot read "
                                         + "'\(text)' as \(names[position].type.sqlName)")
                    }
                }
                try column.appendStruct()
            }
        }
        return !splitter.isEmpty || !final
    }

    /// Appends one field's value; false (nothing appended) when it does not read as the column's type.
    private func read(_ text: ArraySlice<UInt8>, into column: Column) -> Bool {
        if let null = options.nullLiteral, text.elementsEqual(null.utf8) {
            column.appendNull()
            return true
        }
        switch column.type.base {
        case .string, .char: break
        default:
            if TextValues.trimmed(text).isEmpty {
                column.appendNull()
                return true
            }
        }
        guard let list = column as? ListColumn else { return TextValues.append(text, to: column) }
        // Every element read into a scratch column first, so a bad one leaves the list untouched.
        let scratch = Column.make(list.elements.type)
        for element in splitElements(text) where !TextValues.append(element, to: scratch) { return false }
        list.elements.appendRows(from: scratch, count: scratch.count)
        return (try? list.appendList()) != nil
    }

    private func splitElements(_ text: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        let delimiter = Array(options.arrayElementDelimiter.utf8)
        var parts: [ArraySlice<UInt8>] = []
        var start = text.startIndex, index = text.startIndex
        while index + delimiter.count <= text.endIndex {
            if text[index..<(index + delimiter.count)].elementsEqual(delimiter) {
                parts.append(text[start..<index])
                index += delimiter.count
                start = index
            } else {
                index += 1
            }
        }
        parts.append(text[start...])
        return parts
    }
}
