/// The string functions (UPPER, SUBSTRING, CONCAT, LPAD, SPLIT_INDEX, TO_BASE64, ...): their types, as
/// Flink's, and their evaluation over whole columns of UTF-8 bytes. Positions and lengths count
/// characters (code points), as Flink's `BinaryStringData` does, not bytes.
///
/// ```swift
/// // substring(name, 2, 3) of 'Hello' is 'ell'
/// let typed = try ExpressionBinder(input: rows.type).bind(.call(.substring, [.field(0), two, three], text: "substring(name, 2, 3)"))
/// ```
enum StringFunctions {
    static func resultType(_ function: BuiltInFunction, _ args: [TypedExpression],
                           in expression: Expression) throws(SpateError) -> DataType {
        let kinds: [ArgumentKind]
        let type: DataType
        switch function {
        case .charLength: (kinds, type) = ([.string], .int32)
        case .position: (kinds, type) = ([.string], .int32)
        case .locate: (kinds, type) = ([.string, .string, .integer], .int32)
        case .startsWith, .endsWith, .regexp: (kinds, type) = ([.string], .bool)
        case .like: (kinds, type) = ([.string], .bool)
        case .substring, .repeat, .left, .right: (kinds, type) = ([.string, .integer], .string)
        case .lpad, .rpad: (kinds, type) = ([.string, .integer, .string], .string)
        case .splitIndex, .regexpExtract: (kinds, type) = ([.string, .string, .integer], .string)
        default: (kinds, type) = ([.string], .string)
        }
        try ArgumentKind.check(kinds, args, function, in: expression)
        try PatternFunctions.checkPatterns(function, args, in: expression)
        // REGEXP_EXTRACT is NULL where nothing matches, so always nullable, as Flink types it. Flink
        // types SPLIT_INDEX and LPAD/RPAD by their arguments though they too give NULL (no such
        // part, a negative length): Spate keeps Flink's types and fails naming the expression
        // where such a NULL would go into a NOT NULL column (Flink fails at its sink, unnamed).
        let nullable = function == .regexpExtract || args.contains { $0.type.isNullable }
        return nullable ? type : .notNull(type)
    }

    static func evaluate(_ function: BuiltInFunction, _ columns: [Column], typed: TypedExpression) throws(SpateError) -> Column {
        let text = typed.expression.text
        let args = try StringArguments(columns, text: text, skipsNulls: function == .concatWs)
        switch function {
        case .charLength:
            return args.integers { row in Int32(UTF8Text.count(row.string(0))) }
        case .position:  // POSITION(needle IN haystack)
            return args.integers { row in Int32(UTF8Text.find(row.string(0), in: row.string(1), fromScalar: 0).map { $0 + 1 } ?? 0) }
        case .locate:  // LOCATE(needle, haystack[, start]): start counts from 1
            return args.integers { row in
                let start = args.count > 2 ? row.integer(2) : 1
                guard start >= 1 else { return 0 }
                return Int32(UTF8Text.find(row.string(0), in: row.string(1), fromScalar: Int(clamping: start - 1)).map { $0 + 1 } ?? 0)
            }
        case .startsWith:
            return args.booleans { row in UTF8Text.hasPrefix(row.string(0), row.string(1)) }
        case .endsWith:
            return args.booleans { row in UTF8Text.hasSuffix(row.string(0), row.string(1)) }
        default:
            return try args.strings(notNull: !typed.type.isNullable, text: text) { (row, out) throws(SpateError) in
                try apply(function, row, &out, argumentCount: args.count, text: text)
            }
        }
    }

    /// The string result of `function` for one row's arguments, appended to `out`; false for NULL.
    private static func apply(_ function: BuiltInFunction, _ row: StringArguments.Row, _ out: inout [UInt8],
                              argumentCount: Int, text: String) throws(SpateError) -> Bool {
        let s = row.string(0)
        switch function {
        case .upper, .lower:
            if s.allSatisfy({ $0 < 0x80 }) {
                for byte in s { out.append(function == .upper ? UTF8Text.asciiUpper(byte) : UTF8Text.asciiLower(byte)) }
            } else if function == .upper {
                // Unicode's full case mapping, as Java's toUpperCase: 'ß' is 'SS'.
                out.append(contentsOf: String(decoding: s, as: UTF8.self).uppercased().utf8)
            } else {
                UTF8Text.lowercase(s, into: &out)
            }
        case .initCap:
            UTF8Text.initCap(s, into: &out)
        case .reverse:
            var end = s.count
            while end > 0 {
                var start = end - 1
                while start > 0 && UTF8Text.isContinuation(s[start]) { start -= 1 }
                out.append(contentsOf: s[start..<end])
                end = start
            }
        case .trim, .ltrim, .rtrim:
            // Without characters to trim, spaces (U+0020 only, as Flink).
            let set = argumentCount > 1 ? UTF8Text.scalars(row.string(1)).map { Array($0) } : [[0x20]]
            var start = 0, end = s.count
            if function != .rtrim {
                while let match = set.first(where: { UTF8Text.matches($0, s, at: start, end: end) }) { start += match.count }
            }
            if function != .ltrim {
                while let match = set.first(where: { end - $0.count >= start && UTF8Text.matches($0, s, at: end - $0.count, end: end) }) {
                    end -= match.count
                }
            }
            out.append(contentsOf: s[start..<end])
        case .substring:
            // SQL's SUBSTRING: a start of 0 acts as 1, a negative one counts from the end.
            let count = Int64(UTF8Text.count(s))
            let length = argumentCount > 2 ? row.integer(2) : count
            guard length >= 0 else { throw SpateError(.invalidArgument, "\(text): the length \(length) is negative") }
            // Bounded far beyond any string's length, so that the arithmetic cannot overflow.
            let bound: Int64 = 1 << 40
            let position = max(-bound, min(row.integer(1), bound))
            var start = position > 0 ? position - 1 : (position < 0 ? count + position : 0)
            let end = min(start + min(length, bound), count)
            start = max(start, 0)
            if start < end { out.append(contentsOf: UTF8Text.scalarRange(s, Int(start), Int(end))) }
        case .concat:
            for index in 0..<argumentCount { out.append(contentsOf: row.string(index)) }
        case .concatWs:
            // NULL separator: NULL; NULL values are skipped (StringArguments does not make the row NULL).
            guard !row.isNull(0) else { return false }
            var first = true
            for index in 1..<argumentCount where !row.isNull(index) {
                if !first { out.append(contentsOf: s) }
                out.append(contentsOf: row.string(index))
                first = false
            }
        case .replace:
            let search = row.string(1), replacement = row.string(2)
            guard !search.isEmpty else {
                // As Java's String.replace: the replacement before each character and at the end.
                for scalar in UTF8Text.scalars(s) { out.append(contentsOf: replacement); out.append(contentsOf: scalar) }
                out.append(contentsOf: replacement)
                return true
            }
            var index = 0
            while index < s.count {
                if UTF8Text.matches(search[...], s, at: index, end: s.count) {
                    out.append(contentsOf: replacement)
                    index += search.count
                } else {
                    out.append(s[index])
                    index += 1
                }
            }
        case .lpad, .rpad:
            let length = row.integer(1), pad = row.string(2)
            guard length >= 0, !pad.isEmpty || length == 0 else { return false }  // as Flink: NULL
            let count = UTF8Text.count(s)
            if length <= count {
                out.append(contentsOf: UTF8Text.scalarRange(s, 0, Int(length)))
                return true
            }
            if function == .rpad { out.append(contentsOf: s) }
            let padScalars = UTF8Text.scalars(pad)
            for index in 0..<(Int(length) - count) { out.append(contentsOf: padScalars[index % padScalars.count]) }
            if function == .lpad { out.append(contentsOf: s) }
        case .repeat:
            for _ in 0..<max(0, row.integer(1)) { out.append(contentsOf: s) }
        case .left, .right:
            let count = UTF8Text.count(s)
            let n = Int(clamping: max(0, min(row.integer(1), Int64(count))))
            out.append(contentsOf: function == .left ? UTF8Text.scalarRange(s, 0, n) : UTF8Text.scalarRange(s, count - n, count))
        case .splitIndex:
            // Parts between whole separators, empty ones kept (commons-lang's
            // splitByWholeSeparatorPreserveAllTokens, which Flink calls); no such part: NULL.
            let separator = row.string(1), wanted = row.integer(2)
            guard wanted >= 0, !s.isEmpty else { return false }
            guard !separator.isEmpty else {
                guard wanted == 0 else { return false }
                out.append(contentsOf: s)
                return true
            }
            var part: Int64 = 0, start = 0, index = 0
            while index <= s.count - separator.count {
                if UTF8Text.matches(separator[...], s, at: index, end: s.count) {
                    if part == wanted { out.append(contentsOf: s[start..<index]); return true }
                    part += 1
                    index += separator.count
                    start = index
                } else {
                    index += 1
                }
            }
            guard part == wanted else { return false }
            out.append(contentsOf: s[start...])
        case .toBase64:
            Base64.encode(s, into: &out)
        case .fromBase64:
            guard Base64.decode(s, into: &out) else {
                throw SpateError(.invalidArgument, "\(text): '\(String(decoding: s, as: UTF8.self))' is not base64")
            }
        default:
            throw SpateError(.runtime, "\(text): \(function.rawValue) is not a string function")
        }
        return true
    }
}

/// A string function's argument columns, read a row at a time: strings as UTF-8 bytes, integers as
/// 64 bits. A row where any argument is NULL gives NULL, except for CONCAT_WS, which reads its
/// NULLs itself.
struct StringArguments {
    private let columns: [Column]
    private let strings: [StringColumn?]
    private let numbers: [PrimitiveColumn<Int64>?]
    private let rows: Int
    private let skipsNulls: Bool
    var count: Int { columns.count }

    init(_ columns: [Column], text: String, skipsNulls: Bool = false) throws(SpateError) {
        self.columns = columns
        strings = columns.map { $0 as? StringColumn }
        numbers = try columns.map { column throws(SpateError) in
            NumericRank(column.type) == nil ? nil : try ExpressionEvaluator.cast(column, to: .int64, text: text) as? PrimitiveColumn<Int64>
        }
        rows = columns.first?.count ?? 0
        self.skipsNulls = skipsNulls
    }

    struct Row {
        fileprivate let arguments: StringArguments
        let row: Int

        func string(_ index: Int) -> UnsafeBufferPointer<UInt8> {
            guard let column = arguments.strings[index], !column.isNull(row) else { return UnsafeBufferPointer(start: nil, count: 0) }
            return column.utf8(row)
        }

        func integer(_ index: Int) -> Int64 { arguments.numbers[index]?.values[row] ?? 0 }

        func isNull(_ index: Int) -> Bool { arguments.columns[index].isNull(row) }
    }

    private func anyNull(_ row: Int) -> Bool { columns.contains { $0.isNull(row) } }

    /// A string per row from `body` (false: NULL, an error if the result is typed `notNull`).
    func strings(notNull: Bool = false, text: String = "",
                 _ body: (Row, inout [UInt8]) throws(SpateError) -> Bool) throws(SpateError) -> Column {
        let result = StringColumn(type: .string, capacity: rows)
        var out: [UInt8] = []
        for row in 0..<rows {
            if !skipsNulls && anyNull(row) { result.appendNull(); continue }
            out.removeAll(keepingCapacity: true)
            if try body(Row(arguments: self, row: row), &out) {
                out.withUnsafeBufferPointer { result.appendValid($0) }
            } else if notNull {
                throw SpateError(.invalidArgument, "\(text): gives NULL where its type, as Flink types it, is NOT NULL "
                                 + "(no such part, a negative length or an empty pad)")
            } else {
                result.appendNull()
            }
        }
        return result
    }

    func integers(_ body: (Row) -> Int32) -> Column {
        let result = PrimitiveColumn<Int32>(type: .int32, capacity: rows)
        for row in 0..<rows {
            if anyNull(row) { result.appendNull() } else { result.append(body(Row(arguments: self, row: row))) }
        }
        return result
    }

    func booleans(_ body: (Row) -> Bool) -> Column {
        let result = BoolColumn(capacity: rows)
        for row in 0..<rows {
            if anyNull(row) { result.appendNull() } else { result.append(body(Row(arguments: self, row: row))) }
        }
        return result
    }
}

/// UTF-8 text handled as bytes, counted in code points.
enum UTF8Text {
    @inline(__always) static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

    static func count(_ s: UnsafeBufferPointer<UInt8>) -> Int {
        var n = 0
        for byte in s where !isContinuation(byte) { n += 1 }
        return n
    }

    /// The byte offset of code point `scalar` (the end if there are fewer).
    static func offset(_ s: UnsafeBufferPointer<UInt8>, ofScalar scalar: Int) -> Int {
        var seen = 0
        for (index, byte) in s.enumerated() where !isContinuation(byte) {
            if seen == scalar { return index }
            seen += 1
        }
        return s.count
    }

    /// Code points `from..<to`.
    static func scalarRange(_ s: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Slice<UnsafeBufferPointer<UInt8>> {
        s[offset(s, ofScalar: from)..<offset(s, ofScalar: to)]
    }

    /// Each code point's bytes.
    static func scalars(_ s: UnsafeBufferPointer<UInt8>) -> [Slice<UnsafeBufferPointer<UInt8>>] {
        var result: [Slice<UnsafeBufferPointer<UInt8>>] = []
        guard !s.isEmpty else { return result }
        var start = 0
        for index in 1...s.count where index == s.count || !isContinuation(s[index]) {
            result.append(s[start..<index])
            start = index
        }
        return result
    }

    /// Whether `part` is at byte `at` of `s` (and ends by `end`).
    static func matches<P: Collection<UInt8>>(_ part: P, _ s: UnsafeBufferPointer<UInt8>, at: Int, end: Int) -> Bool
        where P.Index == Int {
        guard at >= 0, !part.isEmpty, at + part.count <= end else { return false }
        var index = at
        for byte in part {
            guard s[index] == byte else { return false }
            index += 1
        }
        return true
    }

    static func hasPrefix(_ s: UnsafeBufferPointer<UInt8>, _ prefix: UnsafeBufferPointer<UInt8>) -> Bool {
        prefix.isEmpty || matches(prefix, s, at: 0, end: s.count)
    }

    static func hasSuffix(_ s: UnsafeBufferPointer<UInt8>, _ suffix: UnsafeBufferPointer<UInt8>) -> Bool {
        suffix.isEmpty || matches(suffix, s, at: s.count - suffix.count, end: s.count)
    }

    /// The code point index of the first `needle` in `haystack` at or after code point `fromScalar`.
    static func find(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, fromScalar: Int) -> Int? {
        var scalar = 0
        for index in 0...haystack.count {
            if index < haystack.count && isContinuation(haystack[index]) { continue }
            if scalar >= fromScalar && (needle.isEmpty || matches(needle, haystack, at: index, end: haystack.count)) {
                return scalar
            }
            scalar += 1
        }
        return nil
    }

    /// Lower case as Java's toLowerCase: Unicode's full mapping, and a capital sigma that ends a
    /// word becomes a final sigma ('ΑΣ' is 'ας'), which Swift's lowercased() does not do.
    static func lowercase(_ s: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        let scalars = Array(String(decoding: s, as: UTF8.self).unicodeScalars)
        /// Whether a cased letter is next to `index`, going by `step`, past case-ignorable marks.
        func casedNeighbour(_ index: Int, _ step: Int) -> Bool {
            var at = index + step
            while scalars.indices.contains(at) {
                if scalars[at].properties.isCased { return true }
                if !scalars[at].properties.isCaseIgnorable { return false }
                at += step
            }
            return false
        }
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\u{03A3}" && casedNeighbour(index, -1) && !casedNeighbour(index, 1) {
                out.append(contentsOf: "\u{03C2}".utf8)
            } else {
                out.append(contentsOf: String(Character(scalar)).lowercased().utf8)
            }
        }
    }

    static func asciiUpper(_ byte: UInt8) -> UInt8 { (0x61...0x7A).contains(byte) ? byte - 32 : byte }
    static func asciiLower(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte + 32 : byte }

    /// INITCAP as Flink computes it: words are runs of ASCII letters and digits; a word's first
    /// letter is upper-cased, its others lower-cased; any other character separates words.
    static func initCap(_ s: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var start = true
        for byte in s {
            let isDigit = (0x30...0x39).contains(byte)
            let isLetter = (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            if isLetter {
                out.append(start ? asciiUpper(byte) : asciiLower(byte))
            } else {
                out.append(byte)
            }
            start = !(isDigit || isLetter)
        }
    }
}

/// Base64 (RFC 4648, with padding), as Java's `Base64.getEncoder()`/`getDecoder()`.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var index = 0
        while index < bytes.count {
            let n = min(3, bytes.count - index)
            var chunk: UInt32 = 0
            for k in 0..<3 { chunk = chunk << 8 | UInt32(k < n ? bytes[index + k] : 0) }
            for k in 0..<4 {
                out.append(k <= n ? alphabet[Int(chunk >> UInt32(18 - 6 * k)) & 63] : UInt8(ascii: "="))
            }
            index += 3
        }
    }

    /// Appends the decoded bytes; false if `text` is not base64.
    static func decode(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Bool {
        guard text.count % 4 == 0 else { return false }
        var chunk: UInt32 = 0, bits = 0, padding = 0
        for (index, byte) in text.enumerated() {
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            case UInt8(ascii: "=") where index >= text.count - 2: padding += 1; continue
            default: return false
            }
            guard padding == 0 else { return false }
            chunk = chunk << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: chunk >> UInt32(bits)))
            }
        }
        return true
    }
}
