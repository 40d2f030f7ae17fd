/// LIKE and the regular-expression functions (REGEXP, REGEXP_REPLACE, REGEXP_EXTRACT), over whole
/// columns; a pattern is compiled once per distinct value (once for a literal).
///
/// Regular expressions are Swift's `Regex`, matching code points (as Java's `Pattern` does), not
/// grapheme clusters, with `\d`, `\s`, `\w` ASCII-only and Java's POSIX classes (`\p{Lower}`,
/// `\p{Alpha}`, ...) spelled out as the ASCII sets Java means. The syntax is Java's for what queries
/// use (classes and their intersections, quantifiers, lazy and possessive ones, groups, named groups,
/// lookahead, back references, `\Q...\E`, `(?i)`, `\p{L}`); Swift's `Regex` has no lookbehind
/// (`(?<=...)`) and no Java-only classes (`\p{javaLowerCase}`): such a pattern, like one that does not
/// compile, is an error when the table is built (Flink gives NULL for every row of a bad pattern).
///
/// ```swift
/// // regexp_extract(s, '([a-z]+)(\d+)', 2) of 'foo123' is '123'
/// let typed = try ExpressionBinder(input: rows.type).bind(.call(.regexpExtract, [.field(0), pattern, two], text: text))
/// ```
enum PatternFunctions {
    /// Refuses, when the table is built, what can be seen then: a literal pattern that does not
    /// compile, and a LIKE escape that is not one character given as a literal.
    static func checkPatterns(_ function: BuiltInFunction, _ args: [TypedExpression],
                              in expression: Expression) throws(SpateError) {
        switch function {
        case .like:
            if args.count > 2 {
                guard case .literal(.string(let escape), _) = args[2].expression, escape.unicodeScalars.count == 1 else {
                    throw .invalid("\(expression.text): the escape of LIKE is one character given as a literal, "
                                   + "not \(args[2].expression.text)")
                }
            }
        case .regexp, .regexpReplace, .regexpExtract:
            if case .literal(.string(let pattern), _) = args[1].expression {
                _ = try compile(Array(pattern.utf8), text: expression.text)
            }
        default: break
        }
    }

    static func evaluate(_ function: BuiltInFunction, _ columns: [Column], typed: TypedExpression) throws(SpateError) -> Column {
        let text = typed.expression.text
        let args = try StringArguments(columns, text: text)
        if function == .like {
            var escape: UInt8? = nil
            if args.count > 2, let first = (columns[2] as? StringColumn).flatMap({ $0.count > 0 && !$0.isNull(0) ? $0.utf8(0) : nil }) {
                escape = first.first
            }
            var cache = PatternCache<LikePattern>()
            var failure: SpateError?
            let result = args.booleans { row in
                guard let pattern = cache.value(for: row.string(1), { bytes throws(SpateError) in
                    try LikePattern(bytes, escape: escape, text: text)
                }, failure: &failure) else { return false }
                return pattern.matches(row.string(0))
            }
            if let failure { throw failure }
            return result
        }
        var cache = PatternCache<Regex<AnyRegexOutput>>()
        var failure: SpateError?
        func regex(_ row: StringArguments.Row) -> Regex<AnyRegexOutput>? {
            cache.value(for: row.string(1), { bytes throws(SpateError) in try compile(Array(bytes), text: text) }, failure: &failure)
        }
        let result: Column
        switch function {
        case .regexp:
            result = args.booleans { row in
                guard let regex = regex(row) else { return false }
                return (try? regex.firstMatch(in: String(decoding: row.string(0), as: UTF8.self))) != nil
            }
        case .regexpExtract:
            result = try args.strings { (row, out) throws(SpateError) in
                guard let regex = regex(row) else { return false }
                let string = String(decoding: row.string(0), as: UTF8.self)
                guard let match = try? regex.firstMatch(in: string) else { return false }
                let group = args.count > 2 ? Int(clamping: row.integer(2)) : 0  // the whole match, as Flink
                guard group >= 0 && group < match.output.count else {
                    throw SpateError(.invalidArgument, "\(text): the pattern has no group \(group)")
                }
                guard let range = match.output[group].range else { return false }
                out.append(contentsOf: string[range].utf8)
                return true
            }
        default:  // regexpReplace
            result = try args.strings { (row, out) throws(SpateError) in
                guard let regex = regex(row) else { return false }
                let string = String(decoding: row.string(0), as: UTF8.self)
                // The replacement is literal text: Flink does not expand `$1` in it.
                let replacement = row.string(2)
                var last = string.startIndex
                for match in string.matches(of: regex) {
                    out.append(contentsOf: string[last..<match.range.lowerBound].utf8)
                    out.append(contentsOf: replacement)
                    last = match.range.upperBound
                }
                out.append(contentsOf: string[last...].utf8)
                return true
            }
        }
        if let failure { throw failure }
        return result
    }

    /// Java's POSIX classes (`\p{Lower}`, `\P{Alpha}`, ...) are ASCII-only; Swift reads the same
    /// names as Unicode properties. They are spelled out as ASCII sets here, as Java means them.
    private static let posix: [String: String] = [
        "Lower": "a-z", "Upper": "A-Z", "ASCII": "\\x00-\\x7F", "Alpha": "a-zA-Z", "Digit": "0-9",
        "Alnum": "a-zA-Z0-9", "Punct": "!-/:-@\\[-`{-~", "Graph": "!-~", "Print": " -~", "Blank": " \\t",
        "Cntrl": "\\x00-\\x1F\\x7F", "XDigit": "0-9a-fA-F", "Space": " \\t\\n\\x0B\\f\\r"]

    static func javaPOSIXClasses(_ pattern: String) -> String {
        guard pattern.contains("{") else { return pattern }
        var result = ""
        var rest = Substring(pattern)
        while let backslash = rest.firstIndex(of: "\\") {
            result += rest[..<backslash]
            let after = rest[rest.index(after: backslash)...]
            guard let letter = after.first else { result += "\\"; rest = after; break }
            if letter == "p" || letter == "P", after.dropFirst().first == "{",
               let close = after.firstIndex(of: "}"),
               let set = posix[String(after[after.index(after.startIndex, offsetBy: 2)..<close])] {
                result += letter == "p" ? "[\(set)]" : "[^\(set)]"
                rest = after[after.index(after: close)...]
            } else {
                result += "\\" + String(letter)  // an escape kept as it is (\\ included)
                rest = after.dropFirst()
            }
        }
        return result + rest
    }

    static func compile(_ pattern: [UInt8], text: String) throws(SpateError) -> Regex<AnyRegexOutput> {
        let source = javaPOSIXClasses(String(decoding: pattern, as: UTF8.self))
        do {
            // Java's \d, \s and \w are ASCII-only unless asked otherwise.
            return try Regex(source).matchingSemantics(.unicodeScalar).asciiOnlyCharacterClasses()
        } catch {
            throw .invalid("\(text): '\(source)' is not a valid regular expression (\(error))")
        }
    }
}

/// The last pattern compiled from a column's value: a column of patterns is compiled once per run
/// of equal values, a literal once.
struct PatternCache<Value> {
    private var key: [UInt8]?
    private var cached: Value?

    mutating func value(for bytes: UnsafeBufferPointer<UInt8>, _ make: (UnsafeBufferPointer<UInt8>) throws(SpateError) -> Value,
                        failure: inout SpateError?) -> Value? {
        if let cached, let key, key.elementsEqual(bytes) { return cached }
        do {
            let value = try make(bytes)
            key = Array(bytes)
            cached = value
            return value
        } catch {
            if failure == nil { failure = error }
            return nil
        }
    }
}

/// A SQL LIKE pattern: `%` any run of characters, `_` one character (not a line break, as Flink's
/// translation of `_` to a regex `.`), the escape character making the next one literal.
struct LikePattern {
    enum Token: Equatable { case byte(UInt8), one, many }
    let tokens: [Token]

    init(_ pattern: UnsafeBufferPointer<UInt8>, escape: UInt8?, text: String) throws(SpateError) {
        var tokens: [Token] = []
        var index = 0
        while index < pattern.count {
            let byte = pattern[index]
            if byte == escape {
                guard index + 1 < pattern.count, [UInt8(ascii: "%"), UInt8(ascii: "_"), byte].contains(pattern[index + 1]) else {
                    throw SpateError(.invalidArgument, "\(text): the escape character must be followed by %, _ or itself")
                }
                tokens.append(.byte(pattern[index + 1]))
                index += 2
                continue
            }
            tokens.append(byte == UInt8(ascii: "%") ? .many : (byte == UInt8(ascii: "_") ? .one : .byte(byte)))
            index += 1
        }
        self.tokens = tokens
    }

    /// Whether all of `s` matches: `%` backtracks to the last one seen, one character at a time.
    func matches(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        func next(_ i: Int) -> Int {
            var j = i + 1
            while j < s.count && UTF8Text.isContinuation(s[j]) { j += 1 }
            return j
        }
        var p = 0, i = 0, starP = -1, starI = 0
        while i < s.count {
            if p < tokens.count, tokens[p] == .one, s[i] != 0x0A {
                i = next(i); p += 1
            } else if p < tokens.count, case .byte(let b) = tokens[p], s[i] == b {
                i += 1; p += 1
            } else if p < tokens.count, tokens[p] == .many {
                starP = p; starI = i; p += 1
            } else if starP >= 0 {
                starI = next(starI)
                i = starI
                p = starP + 1
            } else {
                return false
            }
        }
        while p < tokens.count && tokens[p] == .many { p += 1 }
        return p == tokens.count
    }
}
