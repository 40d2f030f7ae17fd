/// How `DataStream.print()` writes values, matching PyFlink: Java's `toString()` for typed values
/// (tuples as `(a,b)`, rows as `+I[a,b]`), Python's `str()` for host objects.
struct PrintFormat {
    /// Printed forms of object columns, computed once per column by the host (one call per batch).
    private var objectText: [ObjectIdentifier: [String]] = [:]

    mutating func line(_ column: Column, row: Int) throws(SpateError) -> String {
        var text = ""
        try append(column, row: row, to: &text, nested: false)
        return text
    }

    private mutating func append(_ column: Column, row: Int, to text: inout String, nested: Bool) throws(SpateError) {
        if column.isNull(row) {
            text += column.type.isComposite || nested ? "None" : "null"
            return
        }
        switch column {
        case let c as PrimitiveColumn<Int64>: text += String(c.values[row])
        case let c as PrimitiveColumn<Int32>: text += String(c.values[row])
        case let c as PrimitiveColumn<Int16>: text += String(c.values[row])
        case let c as PrimitiveColumn<Int8>: text += String(c.values[row])
        case let c as PrimitiveColumn<Double>: text += JavaNumberFormat.double(c.values[row])
        case let c as PrimitiveColumn<Float>: text += JavaNumberFormat.float(c.values[row])
        case let c as BoolColumn: text += c.bits[row] ? "true" : "false"
        case let c as StringColumn: text += c[row]
        case let c as ObjectColumn:
            let key = ObjectIdentifier(c)
            if objectText[key] == nil { objectText[key] = try HostServices.shared.formatObjects(Array(c.handles.elements)) }
            text += objectText[key]![row]
        case let c as StructColumn:
            let isRow: Bool
            if case .row = c.type { isRow = true } else { isRow = false }
            text += isRow ? "+I[" : "("
            for (index, field) in c.fields.enumerated() {
                if index > 0 { text += "," }
                try append(field, row: row, to: &text, nested: true)
            }
            text += isRow ? "]" : ")"
        default:
            text += "?"
        }
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
        var text = Substring(swiftText)
        var sign = ""
        if text.hasPrefix("-") {
            sign = "-"
            text = text.dropFirst()
        }
        if isZero { return sign + "0.0" }
        // Split into significant digits and the decimal exponent of the first digit.
        var mantissa = text
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        let pointIndex = mantissa.firstIndex(of: ".")
        let integerPart = pointIndex.map { mantissa[..<$0] } ?? mantissa
        let fractionPart = pointIndex.map { mantissa[mantissa.index(after: $0)...] } ?? ""
        var digits = String(integerPart) + fractionPart
        var pointPosition = integerPart.count + exponent  // digits before the decimal point
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        if magnitude >= 1e-3 && magnitude < 1e7 {
            if pointPosition <= 0 {
                return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
            }
            if pointPosition >= digits.count {
                return sign + digits + String(repeating: "0", count: pointPosition - digits.count) + ".0"
            }
            let split = digits.index(digits.startIndex, offsetBy: pointPosition)
            return sign + digits[..<split] + "." + digits[split...]
        }
        let first = digits.prefix(1)
        let rest = digits.count > 1 ? String(digits.dropFirst()) : "0"
        return sign + first + "." + rest + "E" + String(pointPosition - 1)
    }
}
