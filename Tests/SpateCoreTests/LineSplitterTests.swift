import Testing
@testable import SpateCore

/// The file source's line cutting: linear however long a line is, and UTF-8 decoded as Flink's
/// text-line format decodes it.
@Suite struct LineSplitterTests {
    /// Feeds `bytes` in `chunk`-sized reads, taking lines after each as the file source does.
    private func split(_ bytes: [UInt8], chunk: Int = 1 << 16) -> (lines: [String], searched: Int) {
        var splitter = LineSplitter()
        let lines = StringColumn()
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + chunk, bytes.count)
            bytes.withUnsafeBufferPointer { splitter.append(UnsafeBufferPointer(rebasing: $0[offset..<end])) }
            splitter.takeLines(into: lines, limit: .max, final: false)
            offset = end
        }
        splitter.takeLines(into: lines, limit: .max, final: true)
        return ((0..<lines.count).map { lines[$0] }, splitter.bytesSearched)
    }

    @Test func aLongLineIsSearchedOnce() {
        // 32 MiB in one line, read 64 KiB at a time: searching it again after every read looked at
        // 512 chunks * 16 MiB on average, some 8 GiB.
        let line = [UInt8](repeating: UInt8(ascii: "x"), count: 32 << 20)
        let (lines, searched) = split(line + Array("\nlast".utf8))
        #expect(lines.count == 2)
        #expect(lines[0].utf8.count == 32 << 20 && lines[0].utf8.allSatisfy { $0 == UInt8(ascii: "x") })
        #expect(lines[1] == "last")
        #expect(searched <= line.count + 5)
    }

    @Test func linesEndWithNewlinesOrCarriageReturnNewlines() {
        #expect(split(Array("a\r\nb\n\nc".utf8), chunk: 1).lines == ["a", "b", "", "c"])
        #expect(split(Array("a\n".utf8)).lines == ["a"])
    }

    @Test func aLimitLeavesTheRestForTheNextTake() {
        var splitter = LineSplitter()
        Array("a\nb\nc".utf8).withUnsafeBufferPointer { splitter.append($0) }
        let first = StringColumn()
        splitter.takeLines(into: first, limit: 2, final: true)
        #expect(first.count == 2 && first[1] == "b")
        let second = StringColumn()
        splitter.takeLines(into: second, limit: 2, final: true)
        #expect(second.count == 1 && second[0] == "c" && splitter.isEmpty)
    }

    @Test func malformedUTF8BecomesReplacementCharacters() {
        // A stray continuation byte, an invalid byte, a truncated sequence: one U+FFFD each, as Java's
        // decoder and Python's errors="replace" give; valid text around them is kept.
        let bytes: [UInt8] = [0x6f, 0x6b, 0x0a, 0x80, 0x61, 0x0a, 0x62, 0xff, 0x0a, 0xe2, 0x82, 0x0a, 0xc3, 0xa9]
        #expect(split(bytes).lines == ["ok", "\u{FFFD}a", "b\u{FFFD}", "\u{FFFD}", "é"])
    }
}
