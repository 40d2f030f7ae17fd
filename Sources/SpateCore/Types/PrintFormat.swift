/// How `DataStream.print()` writes values, matching PyFlink: Java's `toString()` for typed values
/// (tuples as `(a,b)`, rows as `+I[a,b]`), Python's `str()` for host objects.
struct PrintFormat {
    /// Which language's text a value takes: PyFlink prints typed values with Java's `toString()`,
    /// but a ROW's fields with Python's `str()` (and `repr()` inside nested values).
    private enum Style {
        case java, pythonStr, pythonRepr
    }

    /// Printed forms of object columns, computed once per column by the host (one call per batch).
    private var objectText: [ObjectIdentifier: [String]] = [:]

    mutating func line(_ column: Column, row: Int) throws(SpateError) -> String {
        var text = ""
        try append(column, row: row, to: &text, style: .java)
        return text
    }

    private mutating func append(_ column: Column, row: Int, to text: inout String, style: Style) throws(SpateError) {
        let java = style == .java
        if column.isNull(row) {
            text += java ? "null" : "None"
            return
        }
        switch column {
        case let c as PrimitiveColumn<Int64>: text += String(c.values[row])
        case let c as PrimitiveColumn<Int32>: text += String(c.values[row])
        case let c as PrimitiveColumn<Int16>: text += String(c.values[row])
        case let c as PrimitiveColumn<Int8>: text += String(c.values[row])
        case let c as PrimitiveColumn<Double>:
            text += java ? JavaNumberFormat.double(c.values[row]) : PythonFormat.float(c.values[row])
        case let c as PrimitiveColumn<Float>:
            // Python sees a FLOAT as the double it widens to (0.1 -> 0.10000000149011612).
            text += java ? JavaNumberFormat.float(c.values[row]) : PythonFormat.float(Double(c.values[row]))
        case let c as BoolColumn: text += c.bits[row] ? (java ? "true" : "True") : (java ? "false" : "False")
        case let c as StringColumn: text += style == .pythonRepr ? PythonFormat.string(c[row]) : c[row]
        case let c as ObjectColumn: text += try objectString(c, row: row)
        case let c as StructColumn:
            let isRow: Bool
            if case .row = c.type { isRow = true } else { isRow = false }
            let names = c.type.fields ?? []
            switch (java, isRow) {
            case (true, true): text += "+I["   // formatted in Python: '+I[' + ','.join(str(f)) + ']'
            case (true, false), (false, false): text += "("
            case (false, true): text += "Row("
            }
            for (index, field) in c.fields.enumerated() {
                if index > 0 { text += java ? "," : ", " }
                if !java && isRow { text += names[index].name + "=" }
                try append(field, row: row, to: &text, style: java ? (isRow ? .pythonStr : .java) : .pythonRepr)
            }
            text += java && isRow ? "]" : (!java && !isRow && c.fields.count == 1 ? ",)" : ")")
        default:
            text += "?"
        }
    }

    private mutating func objectString(_ column: ObjectColumn, row: Int) throws(SpateError) -> String {
        let key = ObjectIdentifier(column)
        if objectText[key] == nil { objectText[key] = try HostServices.shared.formatObjects(Array(column.handles.elements)) }
        return objectText[key]![row]
    }
}

/// Java's `Double.toString`/`Float.toString`: the shortest digits that round-trip, in plain notation
/// for 10^-3 ≤ |x| < 10^7 and as `d.dddE±n` otherwise.
enum JavaNumberFormat {
    static func double(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return format(value.description, magnitude: value.magnitude, isZero: value == 0)
    }

    static func float(_ value: Float) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return format(value.description, magnitude: Double(value.magnitude), isZero: value == 0)
    }

    /// Re-lays Swift's shortest round-trip text (`1e+10`, `0.001`, `123.5`) in Java's notation.
    private static func format(_ swiftText: String, magnitude: Double, isZero: Bool) -> String {
        let (sign, digits, pointPosition) = ShortestDigits.of(text: swiftText)
        if isZero { return sign + "0.0" }
        if magnitude >= 1e-3 && magnitude < 1e7 { return sign + ShortestDigits.plain(digits, pointPosition) }
        let first = digits.prefix(1)
        let rest = digits.count > 1 ? String(digits.dropFirst()) : "0"
        return sign + first + "." + rest + "E" + String(pointPosition - 1)
    }
}
