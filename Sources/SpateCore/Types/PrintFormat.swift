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
    /// How deep inside tuples and rows the value being printed is.
    private var nesting = 0
    /// The kind of the record being printed, shown by a top-level ROW (a row inside a tuple or list
    /// is a value of its record, printed `+I`).
    private var rowKind = RowKind.insert

    /// Record `row` of `column`; a top-level ROW shows `kind` (`+I[...]`, `-U[...]`, `+U[...]`, `-D[...]`).
    mutating func line(_ column: Column, row: Int, kind: RowKind = .insert) throws(SpateError) -> String {
        var text = ""
        rowKind = kind
        try append(column, row: row, to: &text, style: .java)
        return text
    }

    private mutating func append(_ column: Column, row: Int, to text: inout String, style: Style) throws(SpateError) {
        let java = style == .java
        if column.isNull(row) {
            text += java ? "null" : "None"
            return
        }
        if try appendLogical(column, row: row, to: &text, style: style) { return }
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
            if case .row = c.type.base { isRow = true } else { isRow = false }
            let names = c.type.fields ?? []
            // A top-level ROW is formatted by PyFlink in Python: its kind ('+I', '-U', '+U', '-D'),
            // '[' + ','.join(str(f)) + ']'; a row inside a tuple or list by Java's Row.toString: '+I[2, x]'.
            let topLevelRow = style == .java && isRow && nesting == 0
            switch (java, isRow) {
            case (true, true): text += (topLevelRow ? rowKind.shortString : "+I") + "["
            case (true, false), (false, false): text += "("
            case (false, true): text += "Row("
            }
            nesting += 1
            defer { nesting -= 1 }
            for (index, field) in c.fields.enumerated() {
                if index > 0 { text += java && !(isRow && !topLevelRow) ? "," : ", " }
                if !java && isRow { text += names[index].name + "=" }
                let fieldStyle: Style = topLevelRow ? .pythonStr : (java ? .java : .pythonRepr)
                try append(field, row: row, to: &text, style: fieldStyle)
            }
            text += java && isRow ? "]" : (!java && !isRow && c.fields.count == 1 ? ",)" : ")")
        default:
            text += "?"
        }
    }

    /// The types whose storage is shared with others (a date is an Int32 column, a big integer a
    /// byte string): printed by their logical type. Returns false for the others.
    private mutating func appendLogical(_ column: Column, row: Int, to text: inout String, style: Style) throws(SpateError) -> Bool {
        let java = style == .java
        let repr = style == .pythonRepr
        switch column.type.base {
        case .date:
            let days = Int((column as! PrimitiveColumn<Int32>).values[row])
            if repr {
                let (year, month, day) = CivilTime.date(days: days)
                text += "datetime.date(\(year), \(month), \(day))"
            } else {
                text += CivilTime.dateText(days: days)
            }
        case .time(let precision):
            let micros = (column as! PrimitiveColumn<Int64>).values[row]
            if repr {
                text += "datetime.time(" + PythonFormat.clockArguments(microsOfDay: micros, alwaysMinutes: false) + ")"
            } else {
                let fraction = java || micros % 1_000_000 == 0 ? 0 : min(precision, 6)
                text += CivilTime.timeText(microsOfDay: micros, fractionDigits: fraction, minimumFraction: fraction)
            }
        case .timestamp(let precision), .timestampLTZ(let precision):
            let (days, micros) = CivilTime.split(micros: (column as! PrimitiveColumn<Int64>).values[row])
            let date = CivilTime.dateText(days: days)
            if java, case .timestampLTZ = column.type.base {
                text += date + "T" + CivilTime.timeText(microsOfDay: micros, fractionDigits: min(precision, 6)) + "Z"
            } else if java {
                // java.sql.Timestamp: at least one fractional digit.
                text += date + " " + CivilTime.timeText(microsOfDay: micros, fractionDigits: 6, minimumFraction: 1)
            } else {
                let fraction = micros % 1_000_000 == 0 ? 0 : 6
                let clock = CivilTime.timeText(microsOfDay: micros, fractionDigits: fraction, minimumFraction: fraction)
                if repr {
                    let (year, month, day) = CivilTime.date(days: days)
                    text += "datetime.datetime(\(year), \(month), \(day), "
                        + PythonFormat.clockArguments(microsOfDay: micros, alwaysMinutes: true) + ")"
                } else {
                    text += date + " " + clock
                }
            }
        case .decimal(_, let scale):
            let value = DecimalText.decimal((column as! PrimitiveColumn<Int128>).values[row], scale: scale)
            text += repr ? "Decimal('\(value)')" : value
        case .bigInteger:
            text += DecimalText.bigInteger((column as! StringColumn).utf8(row))
        case .bigDecimal:
            let value = (column as! StringColumn)[row]
            text += repr ? "Decimal('\(value)')" : value
        case .char:
            let value = (column as! StringColumn)[row]
            text += repr ? PythonFormat.string(value) : value
        case .binary:
            let bytes = (column as! StringColumn).utf8(row)
            text += java ? "[" + bytes.map { String(Int8(bitPattern: $0)) }.joined(separator: ", ") + "]"
                         : PythonFormat.bytes(bytes)
        case .intervalYearMonth:
            text += String((column as! PrimitiveColumn<Int32>).values[row])
        case .intervalDayTime:
            let micros = (column as! PrimitiveColumn<Int64>).values[row]
            text += java ? String(micros / 1000) : PythonFormat.timedelta(micros: micros)
        case .instant:
            let parts = column as! StructColumn
            let seconds = (parts.fields[0] as! PrimitiveColumn<Int64>).values[row]
            let nanos = Int64((parts.fields[1] as! PrimitiveColumn<Int32>).values[row])
            guard java else {
                text += "Instant<\(seconds), \(nanos)>"  // PyFlink's Instant.__repr__, which str() uses
                return true
            }
            let (days, secondOfDay) = CivilTime.split(micros: seconds &* 1_000_000)
            var clock = CivilTime.timeText(microsOfDay: secondOfDay, fractionDigits: 0)
            if nanos > 0 {
                var fraction = CivilTime.pad(Int(nanos), 9)
                while fraction.hasSuffix("000") { fraction.removeLast(3) }
                clock += "." + fraction
            }
            // java.time.Instant: years past 9999 get a sign.
            let date = CivilTime.dateText(days: days)
            text += (CivilTime.date(days: days).year > 9999 ? "+" : "") + date + "T" + clock + "Z"
        case .list:
            let list = column as! ListColumn
            nesting += 1
            defer { nesting -= 1 }
            text += "["
            for (position, element) in list.range(row).enumerated() {
                if position > 0 { text += ", " }
                try append(list.elements, row: element, to: &text, style: java ? .java : .pythonRepr)
            }
            text += "]"
        case .map, .multiset:
            let list = column as! ListColumn
            let entries = list.elements as! StructColumn
            nesting += 1
            defer { nesting -= 1 }
            text += "{"
            for (position, entry) in list.range(row).enumerated() {
                if position > 0 { text += ", " }
                try append(entries.fields[0], row: entry, to: &text, style: java ? .java : .pythonRepr)
                text += java ? "=" : ": "
                try append(entries.fields[1], row: entry, to: &text, style: java ? .java : .pythonRepr)
            }
            text += "}"
        case .null:
            text += java ? "null" : "None"
        default:
            return false
        }
        return true
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
        var mantissa = digits
        if digits.count == 1 {
            // Java's algorithm gives at least two digits: the exact value rounded to two, so the
            // smallest double is 4.9E-324 where the shortest form is 5E-324.
            mantissa = twoDigits(magnitude, exponent: pointPosition - 1) ?? digits + "0"
        }
        let first = mantissa.prefix(1)
        let rest = mantissa.count > 1 ? String(mantissa.dropFirst()) : "0"
        return sign + first + "." + rest + "E" + String(pointPosition - 1)
    }

    /// The two leading digits of `magnitude` (whose first digit is at 10^exponent), rounded.
    private static func twoDigits(_ magnitude: Double, exponent: Int) -> String? {
        // Scale to [1, 10) in steps that neither overflow nor lose the subnormals' digits.
        var scaled = magnitude
        var remaining = -exponent
        while remaining > 0 {
            let step = min(remaining, 300)
            scaled *= pow10(step)
            remaining -= step
        }
        while remaining < 0 {
            let step = min(-remaining, 300)
            scaled /= pow10(step)
            remaining += step
        }
        let rounded = (scaled * 10).rounded()
        guard rounded >= 10, rounded < 100 else { return nil }
        return String(Int(rounded))
    }

    private static func pow10(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<n { result *= 10 }
        return result
    }
}
