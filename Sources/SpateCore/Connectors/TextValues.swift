/// Values read from their text, as Flink's csv and json formats read them: numbers with spaces
/// around them trimmed (Java's `parseInt(text.trim())`), `true` in any case as TRUE and anything
/// else as FALSE (Java's `parseBoolean`), DECIMAL rounded half up to its scale (NULL when its
/// digits do not fit), dates `yyyy-MM-dd`, times `HH:mm:ss[.fraction]` and timestamps
/// `yyyy-MM-dd HH:mm:ss[.fraction]` (Flink's SQL format).
///
/// ```swift
/// let ids = PrimitiveColumn<Int32>(type: .int32)
/// TextValues.append(Array(" 42 ".utf8)[...], to: ids)   // true: 42 appended
/// TextValues.append(Array("x".utf8)[...], to: ids)      // false: nothing appended
/// ```
enum TextValues {
    /// Appends `text` read as the column's type; false (nothing appended) when it does not read as one.
    static func append(_ text: ArraySlice<UInt8>, to column: Column) -> Bool {
        switch column.type.base {
        case .string, .char:
            (column as! StringColumn).append(String(decoding: text, as: UTF8.self))
            return true
        case .bool:
            (column as! BoolColumn).append(trimmed(text).elementsEqual("true".utf8) { lower($0) == $1 })
            return true
        case .int8, .int16, .int32, .int64:
            guard let value = integer(trimmed(text)), (try? column.appendInt(value)) != nil else { return false }
            return true
        case .float32, .float64:
            let digits = trimmed(text)
            guard !digits.isEmpty, let value = Double(String(decoding: digits, as: UTF8.self)) else { return false }
            if let floats = column as? PrimitiveColumn<Float> { floats.append(Float(value)) } else { (column as! PrimitiveColumn<Double>).append(value) }
            return true
        case .decimal(_, let scale):
            guard let unscaled = decimal(trimmed(text), scale: scale) else { return false }
            // Flink's DecimalData: a value whose digits do not fit the precision is NULL.
            if (try? column.appendInt128(unscaled)) == nil { column.appendNull() }
            return true
        case .date:
            guard let days = date(trimmed(text)) else { return false }
            (column as! PrimitiveColumn<Int32>).append(Int32(days))
            return true
        case .time:
            guard let micros = time(trimmed(text)) else { return false }
            (column as! PrimitiveColumn<Int64>).append(micros)
            return true
        case .timestamp:
            let value = trimmed(text)
            guard let space = value.firstIndex(of: UInt8(ascii: " ")), let days = date(value[..<space]),
                  let micros = time(value[(space + 1)...]) else { return false }
            (column as! PrimitiveColumn<Int64>).append(Int64(days) * 86_400_000_000 + micros)
            return true
        default:
            return false
        }
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    static func trimmed(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = text
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        return slice
    }

    /// A decimal integer with an optional sign; nil when it is not one or does not fit Int64.
    static func integer(_ text: ArraySlice<UInt8>) -> Int64? {
        Int64(String(decoding: text, as: UTF8.self))
    }

    /// `[-+]digits[.digits][e[-+]digits]` as an unscaled value of `scale` digits after the point,
    /// rounded half up; nil when it is not a number or does not fit 38 digits.
    static func decimal(_ text: ArraySlice<UInt8>, scale: Int) -> Int128? {
        var index = text.startIndex
        var negative = false
        if index < text.endIndex, text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") {
            negative = text[index] == UInt8(ascii: "-")
            index += 1
        }
        var digits: [UInt8] = []
        var pointAt: Int?
        while index < text.endIndex {
            let byte = text[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits.append(byte - UInt8(ascii: "0"))
            } else if byte == UInt8(ascii: "."), pointAt == nil {
                pointAt = digits.count
            } else {
                break
            }
            index += 1
        }
        guard !digits.isEmpty else { return nil }
        var exponent = 0
        if index < text.endIndex, text[index] == UInt8(ascii: "e") || text[index] == UInt8(ascii: "E") {
            guard let value = Int(String(decoding: text[(index + 1)...], as: UTF8.self)), abs(value) < 1000 else { return nil }
            exponent = value
            index = text.endIndex
        }
        guard index == text.endIndex else { return nil }
        // The digits' value is digits × 10^(exponent - fraction digits); shift it to `scale`.
        let shift = exponent - (digits.count - (pointAt ?? digits.count)) + scale
        var kept = digits
        var roundUp = false
        if shift < 0 {
            let drop = -shift
            if drop > kept.count {
                kept = []
            } else {
                roundUp = kept[kept.count - drop] >= 5
                kept.removeLast(drop)
            }
        } else {
            guard shift <= 40 else { return nil }
            kept += [UInt8](repeating: 0, count: shift)
        }
        while kept.first == 0 { kept.removeFirst() }
        guard kept.count <= 38 else { return nil }
        var value: Int128 = 0
        for digit in kept { value = value * 10 + Int128(digit) }
        if roundUp { value += 1 }
        return negative ? -value : value
    }

    /// `yyyy-MM-dd` as days since 1970-01-01.
    static func date(_ text: ArraySlice<UInt8>) -> Int? {
        let parts = text.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = number(parts[0]), let month = number(parts[1]), let day = number(parts[2]),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        return CivilTime.days(year: year, month: month, day: day)
    }

    /// `HH:mm[:ss[.fraction]]` as microseconds of the day.
    static func time(_ text: ArraySlice<UInt8>) -> Int64? {
        let (clock, fraction) = split(text, at: UInt8(ascii: "."))
        let parts = clock.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.count == 2 }),
              let hours = number(parts[0]), let minutes = number(parts[1]), hours < 24, minutes < 60 else { return nil }
        let seconds = parts.count == 3 ? number(parts[2]) : 0
        guard let seconds, seconds < 60 else { return nil }
        var micros = 0
        if let fraction {
            guard !fraction.isEmpty, fraction.count <= 9, let value = number(fraction) else { return nil }
            var scaled = value
            for _ in fraction.count..<9 { scaled *= 10 }
            micros = scaled / 1000
        }
        return Int64(((hours * 60 + minutes) * 60 + seconds) * 1_000_000 + micros)
    }

    private static func split(_ text: ArraySlice<UInt8>, at separator: UInt8) -> (ArraySlice<UInt8>, ArraySlice<UInt8>?) {
        guard let index = text.firstIndex(of: separator) else { return (text, nil) }
        return (text[..<index], text[(index + 1)...])
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
