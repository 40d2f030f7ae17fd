#if canImport(Glibc)
import Glibc
#endif

/// Cuts a byte stream into text lines, as Flink's text-line format reads them: without their line
/// endings (`\n` or `\r\n`), and with malformed UTF-8 replaced by U+FFFD.
///
/// Each byte is looked at once, however long its line: the bytes after the last line already
/// searched for a newline are remembered, so a line spread over many reads (a 100 MB line read 64 KiB
/// at a time) is not searched again from its start after every read.
struct LineSplitter {
    private var buffer: [UInt8] = []
    /// The first byte not yet taken as part of a line.
    private var start = 0
    /// How many bytes from `start` are known to hold no newline.
    private var searched = 0
    /// Every byte searched for a newline so far (tests check that it stays linear).
    private(set) var bytesSearched = 0

    /// Whether every byte appended has been taken.
    var isEmpty: Bool { start == buffer.count }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        // Drop the taken bytes once they are at least half the buffer: each byte moves at most once.
        if start > 0 && start >= buffer.count - start {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Moves complete lines into `lines` until it holds `limit` values; at the end of the input
    /// (`final`), the unterminated last line too.
    mutating func takeLines(into lines: StringColumn, limit: Int, final: Bool) {
        var start = self.start, searched = self.searched, newlySearched = 0
        buffer.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return }
            while lines.count < limit {
                let from = start + searched
                let rest = bytes.count - from
                guard rest > 0, let hit = memchr(base + from, Int32(UInt8(ascii: "\n")), rest) else {
                    newlySearched += rest
                    searched += rest
                    break
                }
                let newline = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
                newlySearched += newline - from + 1
                var end = newline
                if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                lines.appendRepairingUTF8(UnsafeBufferPointer(rebasing: bytes[start..<end]))
                start = newline + 1
                searched = 0
            }
            if final && start < bytes.count && lines.count < limit {
                lines.appendRepairingUTF8(UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
                start = bytes.count
                searched = 0
            }
        }
        bytesSearched += newlySearched
        if start == buffer.count {
            // A huge line's buffer is let go; a usual one is kept for the next lines.
            buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 20)
            (self.start, self.searched) = (0, 0)
        } else {
            (self.start, self.searched) = (start, searched)
        }
    }
}
