/// Python's `repr()` of numbers and strings, for what PyFlink formats on the Python side (the
/// fields of a printed ROW).
enum PythonFormat {
    /// `repr(float)`: shortest round-trip digits, plain for 1e-4 <= |x| < 1e16, else `1e+16` style.
    static func float(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let (sign, digits, pointPosition) = ShortestDigits.of(value)
        if digits == "0" { return sign + "0.0" }
        let exponent = pointPosition - 1
        if exponent >= -4 && exponent < 16 { return sign + ShortestDigits.plain(digits, pointPosition) }
        let mantissa = digits.count == 1 ? digits : digits.prefix(1) + "." + digits.dropFirst()
        let magnitude = abs(exponent)
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + String(magnitude)
    }

    /// `repr(str)`: single quotes unless the text holds a single quote and no double quote.
    static func string(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var result = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where Character(scalar) == quote: result += "\\" + String(quote)
            case _ where !isPrintable(scalar):
                // As Python: \xhh below U+0100, \uhhhh in the BMP, \Uhhhhhhhh beyond.
                let (prefix, width) = scalar.value < 0x100 ? ("\\x", 2) : scalar.value < 0x10000 ? ("\\u", 4) : ("\\U", 8)
                let hex = String(scalar.value, radix: 16)
                result += prefix + String(repeating: "0", count: width - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        result.append(quote)
        return result
    }

    /// Python's `str.isprintable()` of one character: not a control, format, surrogate, private-use,
    /// unassigned, line or paragraph separator, nor a space other than ' ' (by the standard library's
    /// Unicode version, which may be newer than the host Python's).
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x7f { return scalar.value >= 0x20 }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
             .spaceSeparator:
            return false
        default:
            return true
        }
    }
}

extension PythonFormat {
    /// `repr(bytes)`: `b'a\\x00'`.
    static func bytes(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let quote: UInt8 = bytes.contains(UInt8(ascii: "'")) && !bytes.contains(UInt8(ascii: "\"")) ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        var result = "b" + String(UnicodeScalar(quote))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"): result += "\\\\"
            case UInt8(ascii: "\n"): result += "\\n"
            case UInt8(ascii: "\r"): result += "\\r"
            case UInt8(ascii: "\t"): result += "\\t"
            case quote: result += "\\" + String(UnicodeScalar(quote))
            case 0x20..<0x7f: result.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let hex = String(byte, radix: 16)
                result += "\\x" + (hex.count < 2 ? "0" : "") + hex
            }
        }
        return result + String(UnicodeScalar(quote))
    }

    /// The clock arguments of `repr(time)`/`repr(datetime)`: `3, 4, 5, 6` without trailing zero
    /// parts (a datetime always shows hour and minute).
    static func clockArguments(microsOfDay: Int64, alwaysMinutes: Bool) -> String {
        let seconds = Int(microsOfDay / 1_000_000)
        var parts = [seconds / 3600, seconds / 60 % 60, seconds % 60, Int(microsOfDay % 1_000_000)]
        while parts.count > (alwaysMinutes ? 2 : 1) && parts.last == 0 { parts.removeLast() }
        return parts.map(String.init).joined(separator: ", ")
    }

    /// `str(timedelta)`: `1 day, 2:03:04.000005`, `-1 day, 23:59:59`.
    static func timedelta(micros: Int64) -> String {
        let (days, microsOfDay) = CivilTime.split(micros: micros)
        let seconds = Int(microsOfDay / 1_000_000)
        var text = days != 0 ? "\(days) day\(abs(days) == 1 ? "" : "s"), " : ""
        text += "\(seconds / 3600):" + CivilTime.pad(seconds / 60 % 60, 2) + ":" + CivilTime.pad(seconds % 60, 2)
        if microsOfDay % 1_000_000 != 0 { text += "." + CivilTime.pad(Int(microsOfDay % 1_000_000), 6) }
        return text
    }
}

/// The shortest decimal digits that round-trip a double, with the position of the decimal point
/// (digits "15", position 1 means 1.5), taken from Swift's shortest-representation `description`.
enum ShortestDigits {
    static func of(_ value: Double) -> (sign: String, digits: String, pointPosition: Int) {
        of(text: value.description)
    }

    /// The digits in positional notation with at least one digit after the point: `12.5`, `0.001`, `100.0`.
    static func plain(_ digits: String, _ pointPosition: Int) -> String {
        if pointPosition <= 0 { return "0." + String(repeating: "0", count: -pointPosition) + digits }
        if pointPosition >= digits.count { return digits + String(repeating: "0", count: pointPosition - digits.count) + ".0" }
        let split = digits.index(digits.startIndex, offsetBy: pointPosition)
        return digits[..<split] + "." + digits[split...]
    }

    static func of(text swiftText: String) -> (sign: String, digits: String, pointPosition: Int) {
        var text = Substring(swiftText)
        var sign = ""
        if text.hasPrefix("-") {
            sign = "-"
            text = text.dropFirst()
        }
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
        var pointPosition = integerPart.count + exponent
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (sign, digits, pointPosition)
    }
}
