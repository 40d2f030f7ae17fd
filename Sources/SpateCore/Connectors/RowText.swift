/// A table row as Flink's `Row.toString()` shows it (the `print` connector's lines): the row kind,
/// then the fields as their Java classes print (`LocalDateTime`, `BigDecimal`, arrays as
/// `Arrays.toString`), separated by ", ".
///
/// ```swift
/// RowText.line(row, of: rows, kind: .insert)  // "+I[1, hello, 2020-01-02T03:04, null]"
/// ```
enum RowText {
    static func line(_ row: Int, of column: StructColumn, kind: RowKind) -> String {
        var text = kind.shortString + "["
        for (index, field) in column.fields.enumerated() {
            if index > 0 { text += ", " }
            append(field, row: row, to: &text)
        }
        return text + "]"
    }

    static func append(_ column: Column, row: Int, to text: inout String) {
        if column.isNull(row) {
            text += "null"
            return
        }
        switch column.type.base {
        case .bool: text += (column as! BoolColumn).bits[row] ? "true" : "false"
        case .int8: text += String((column as! PrimitiveColumn<Int8>).values[row])
        case .int16: text += String((column as! PrimitiveColumn<Int16>).values[row])
        case .int32: text += String((column as! PrimitiveColumn<Int32>).values[row])
        case .int64: text += String((column as! PrimitiveColumn<Int64>).values[row])
        case .float32: text += JavaNumberFormat.float((column as! PrimitiveColumn<Float>).values[row])
        case .float64: text += JavaNumberFormat.double((column as! PrimitiveColumn<Double>).values[row])
        case .decimal(_, let scale): text += DecimalText.decimal((column as! PrimitiveColumn<Int128>).values[row], scale: scale)
        case .date: text += CivilTime.dateText(days: Int((column as! PrimitiveColumn<Int32>).values[row]))
        case .time: text += localTime((column as! PrimitiveColumn<Int64>).values[row])
        case .timestamp:
            let (days, micros) = CivilTime.split(micros: (column as! PrimitiveColumn<Int64>).values[row])
            text += CivilTime.dateText(days: days) + "T" + localTime(micros)
        case .timestampLTZ:
            // java.time.Instant: seconds always shown, the fraction in groups of three digits.
            let (days, micros) = CivilTime.split(micros: (column as! PrimitiveColumn<Int64>).values[row])
            text += CivilTime.dateText(days: days) + "T" + CivilTime.timeText(microsOfDay: micros - micros % 1_000_000, fractionDigits: 0)
                + fraction(Int(micros % 1_000_000)) + "Z"
        case .binary:
            text += "[" + (column as! StringColumn).utf8(row).map { String(Int8(bitPattern: $0)) }.joined(separator: ", ") + "]"
        case .list:
            let list = column as! ListColumn
            appendElements(of: list, row: row, separator: ", ", to: &text) { append(list.elements, row: $0, to: &$1) }
        case .map, .multiset:
            let list = column as! ListColumn
            let entries = list.elements as! StructColumn
            text += "{"
            for (position, entry) in list.range(row).enumerated() {
                if position > 0 { text += ", " }
                append(entries.fields[0], row: entry, to: &text)
                text += "="
                append(entries.fields[1], row: entry, to: &text)
            }
            text += "}"
        case .row, .tuple: text += line(row, of: column as! StructColumn, kind: .insert)
        default:
            if let strings = column as? StringColumn { text += strings[row] } else { text += "?" }
        }
    }

    /// `[a, b]`: the elements of list `row`, each written by `element`.
    static func appendElements(of list: ListColumn, row: Int, separator: String, to text: inout String,
                               _ element: (Int, inout String) -> Void) {
        text += "["
        for (position, index) in list.range(row).enumerated() {
            if position > 0 { text += separator }
            element(index, &text)
        }
        text += "]"
    }

    /// `java.time.LocalTime.toString()`: `HH:mm`, then `:ss` unless the seconds and fraction are
    /// zero, then the fraction in groups of three digits.
    static func localTime(_ microsOfDay: Int64) -> String {
        let seconds = Int(microsOfDay / 1_000_000)
        let micros = Int(microsOfDay % 1_000_000)
        var text = CivilTime.pad(seconds / 3600, 2) + ":" + CivilTime.pad(seconds / 60 % 60, 2)
        if seconds % 60 != 0 || micros != 0 { text += ":" + CivilTime.pad(seconds % 60, 2) + fraction(micros) }
        return text
    }

    private static func fraction(_ micros: Int) -> String {
        if micros == 0 { return "" }
        return micros % 1000 == 0 ? "." + CivilTime.pad(micros / 1000, 3) : "." + CivilTime.pad(micros, 6)
    }
}
