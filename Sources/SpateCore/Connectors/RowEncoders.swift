/// A table row as one line of a file format (the `filesystem` sink's `csv` and `json`), written as
/// Flink writes it.
protocol RowEncoder: Sendable {
    /// Row `row` of `rows`, without its line end.
    func line(_ row: Int, of rows: StructColumn) -> String
}

/// Flink's csv writer (Jackson's): numbers and booleans as Java prints them; DECIMAL without
/// trailing zeros (`1.50` is `1.5`, `100` is `1E+2`); dates, times and timestamps in SQL form
/// (`2020-01-02 03:04:05.123`); arrays as their elements joined by `array-element-delimiter`; NULL
/// as the `null-literal` (empty by default). Text is quoted when it holds a character below
/// Jackson's "safe" one (the largest of the delimiter, the quote and `\n`, plus one: any space,
/// comma or quote with the defaults) or the quote itself, which is doubled.
struct CsvEncoder: RowEncoder {
    let options: CsvOptions

    func line(_ row: Int, of rows: StructColumn) -> String {
        var text = ""
        let delimiter = Character(Unicode.Scalar(options.fieldDelimiter))
        for (position, field) in rows.fields.enumerated() {
            if position > 0 { text.append(delimiter) }
            if field.isNull(row) {
                text += options.nullLiteral ?? ""
                continue
            }
            switch field.type.base {
            case .bool, .int8, .int16, .int32, .int64, .float32, .float64, .decimal:
                text += ValueText.number(field, row: row)  // numbers are never quoted
            case .list:
                let list = field as! ListColumn
                let elements = list.range(row).map { element in
                    list.elements.isNull(element) ? "" : ValueText.plain(list.elements, row: element)
                }
                text += quoted(elements.joined(separator: options.arrayElementDelimiter))
            default:
                text += quoted(ValueText.plain(field, row: row))
            }
        }
        return text
    }

    private func quoted(_ value: String) -> String {
        guard let quote = options.quoteCharacter, !value.isEmpty else { return value }
        let safe = Swift.max(options.fieldDelimiter, quote, UInt8(ascii: "\n")) + 1
        guard value.utf8.contains(where: { $0 < safe || $0 == quote }) else { return value }
        let mark = String(Character(Unicode.Scalar(quote)))
        return mark + value.replacingAll(mark, with: mark + mark) + mark
    }
}

/// Flink's json writer: one object a row, fields in the table's order, NULL as `null`, numbers as
/// Java prints them (DECIMAL without trailing zeros, as the csv writer), dates, times and timestamps
/// as SQL-form strings, arrays as arrays and rows as objects; strings escaped as Jackson escapes them.
struct JsonEncoder: RowEncoder {
    /// `json.encode.decimal-as-plain-number`: `100` rather than `1E+2`.
    var decimalAsPlainNumber = false

    func line(_ row: Int, of rows: StructColumn) -> String {
        var text = ""
        object(rows, row: row, into: &text)
        return text
    }

    private func object(_ rows: StructColumn, row: Int, into text: inout String) {
        text += "{"
        for (position, (field, column)) in zip(rows.type.fields ?? [], rows.fields).enumerated() {
            if position > 0 { text += "," }
            text += ValueText.jsonString(field.name) + ":"
            value(column, row: row, into: &text)
        }
        text += "}"
    }

    private func value(_ column: Column, row: Int, into text: inout String) {
        if column.isNull(row) {
            text += "null"
            return
        }
        switch column.type.base {
        case .decimal(_, let scale) where decimalAsPlainNumber:
            text += DecimalText.decimal((column as! PrimitiveColumn<Int128>).values[row], scale: scale)
        case .bool, .int8, .int16, .int32, .int64, .float32, .float64, .decimal: text += ValueText.number(column, row: row)
        case .list:
            RowText.appendElements(of: column as! ListColumn, row: row, separator: ",", to: &text) { element, text in
                value((column as! ListColumn).elements, row: element, into: &text)
            }
        case .row, .tuple: object(column as! StructColumn, row: row, into: &text)
        default: text += ValueText.jsonString(ValueText.plain(column, row: row))
        }
    }
}

/// Values as the csv and json writers show them.
enum ValueText {
    static func number(_ column: Column, row: Int) -> String {
        switch column.type.base {
        case .decimal(_, let scale): return javaNormalized((column as! PrimitiveColumn<Int128>).values[row], scale: scale)
        default:
            var text = ""
            RowText.append(column, row: row, to: &text)
            return text
        }
    }

    /// Text values: strings as they are; dates, times and timestamps in SQL form.
    static func plain(_ column: Column, row: Int) -> String {
        switch column.type.base {
        case .time:
            return CivilTime.timeText(microsOfDay: (column as! PrimitiveColumn<Int64>).values[row], fractionDigits: 6)
        case .timestamp, .timestampLTZ:
            let (days, micros) = CivilTime.split(micros: (column as! PrimitiveColumn<Int64>).values[row])
            return CivilTime.dateText(days: days) + " " + CivilTime.timeText(microsOfDay: micros, fractionDigits: 6)
        default:
            var text = ""
            RowText.append(column, row: row, to: &text)
            return text
        }
    }

    /// Java's `BigDecimal.stripTrailingZeros().toString()`: `1.5`, `0`, `1E+2`, `1.2E+3`.
    static func javaNormalized(_ unscaled: Int128, scale: Int) -> String {
        if unscaled == 0 { return "0" }
        var value = unscaled.magnitude, exponentScale = scale
        while value % 10 == 0 {
            value /= 10
            exponentScale -= 1
        }
        let digits = String(value)
        let sign = unscaled < 0 ? "-" : ""
        let adjusted = -exponentScale + digits.count - 1
        if exponentScale >= 0 && adjusted >= -6 {
            if exponentScale == 0 { return sign + digits }
            if digits.count > exponentScale {
                let point = digits.index(digits.endIndex, offsetBy: -exponentScale)
                return sign + digits[..<point] + "." + digits[point...]
            }
            return sign + "0." + String(repeating: "0", count: exponentScale - digits.count) + digits
        }
        let mantissa = digits.count > 1 ? String(digits.prefix(1)) + "." + digits.dropFirst() : digits
        return sign + mantissa + "E" + (adjusted >= 0 ? "+" : "") + String(adjusted)
    }

    /// A JSON string literal, escaped as Jackson escapes it (as the plan's JSON writer does).
    static func jsonString(_ value: String) -> String {
        var text = ""
        JSONValue.writeString(value, to: &text)
        return text
    }
}
