/// The open windows of a native window aggregate, each holding one accumulator per key slot in a
/// dense array, and a bit per key slot saying whether that key has one yet.
///
/// A window of k keys costs 8 bytes and a bit per key slot and nothing per element: no state slot
/// numbers, no free list. Window tables are pooled, so once windows fire the next ones reuse their
/// memory (fresh memory is most of what a job holding millions of windows pays for). Windows fire
/// in order of their start; within a window, results come in key-slot order. The owner calls
/// `free()` in its `deinit`.
struct WindowAccumulators<Element: BitwiseCopyable> {
    private struct OpenWindow {
        /// The accumulator of each key slot; meaningful where `present` has the slot's bit.
        var values = Buffer<Element>()
        var present = Buffer<UInt64>()
        var keyCount = 0
    }

    private var open = OpenWindows()
    /// Every window table ever made (`open` says which window holds which).
    private var tables = Buffer<OpenWindow>()
    /// The most key slots a window has needed: new windows size their tables for as many at once.
    private var keysHint = 0

    /// The start of the earliest open window.
    var earliestStart: Int64? { open.earliestStart }

    /// The accumulator of key slot `key` in the window starting at `start`, and whether it is new
    /// (the caller then initializes it).
    @inline(__always)
    mutating func accumulator(key: Int, start: Int64) -> (UnsafeMutablePointer<Element>, created: Bool) {
        let index = open.table(for: start)
        if index == tables.count { tables.append(OpenWindow()) }
        let table = tables.base.unsafelyUnwrapped + index
        if key >= table.pointee.values.count { makeRoom(table, for: key) }
        let word = table.pointee.present.base.unsafelyUnwrapped + (key &>> 6)
        let bit = UInt64(1) &<< UInt64(key & 63)
        let value = table.pointee.values.base.unsafelyUnwrapped + key
        if word.pointee & bit != 0 { return (value, false) }
        word.pointee |= bit
        table.pointee.keyCount += 1
        return (value, true)
    }

    private mutating func makeRoom(_ table: UnsafeMutablePointer<OpenWindow>, for key: Int) {
        keysHint = Swift.max(keysHint, key + 1)
        _ = table.pointee.values.extend(by: keysHint - table.pointee.values.count)
        table.pointee.present.grow(to: (keysHint + 63) / 64, filling: 0)
    }

    /// Removes, window by window in order of start, every window whose start is at most
    /// `latestStart`, handing `body` its start, how many keys it holds and its accumulators in
    /// key-slot order (`emit` writes them where given room for that many).
    mutating func takeWindows(startingAtMost latestStart: Int64,
                              _ body: (_ start: Int64, _ count: Int,
                                       _ emit: (UnsafeMutablePointer<Element>) -> Void) throws(SpateError) -> Void) throws(SpateError) {
        while let (start, index) = open.closeEarliest(startingAtMost: latestStart) {
            let table = tables.base.unsafelyUnwrapped + index
            defer {
                // Kept for the next window: cleared bits, the values left (a clear bit hides them).
                let present = table.pointee.present
                if let words = present.base { words.update(repeating: 0, count: present.count) }
                table.pointee.keyCount = 0
                open.release(index)
            }
            let values = table.pointee.values.base
            let present = table.pointee.present
            try body(start, table.pointee.keyCount) { out in
                guard let values, let words = present.base else { return }
                var written = 0
                for wordIndex in 0..<present.count {
                    var word = words[wordIndex]
                    while word != 0 {
                        let key = wordIndex &<< 6 | word.trailingZeroBitCount
                        out[written] = values[key]
                        written += 1
                        word &= word &- 1
                    }
                }
            }
        }
    }

    /// Frees the tables; the owner calls this exactly once, in its `deinit`.
    mutating func free() {
        for index in 0..<tables.count {
            tables.base.unsafelyUnwrapped[index].values.free()
            tables.base.unsafelyUnwrapped[index].present.free()
        }
        tables.free()
    }
}
