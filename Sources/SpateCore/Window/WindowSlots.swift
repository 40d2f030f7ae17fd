import HeapModule

/// The open windows of one keyed window operator subtask: each (key slot, window start) pair gets a
/// state slot; windows are fired in order of their start (so of their end) when the watermark
/// passes them.
///
/// Records arrive mostly in time order, so consecutive records share a window: the last window
/// looked up is remembered, and within a window a key's slot is a dense table lookup (no hashing).
/// Window tables are pooled and kept in manually managed buffers, so the per-record path neither
/// allocates nor touches reference counts. The owner calls `free()` in its `deinit`.
struct WindowSlots {
    private struct OpenWindow {
        var start: Int64
        /// State slot by key slot, -1 where the key has no state in this window.
        var slotByKey = Buffer<Int32>()
        /// The state slots in arrival order (the order results are emitted in).
        var slots = Buffer<Int32>()
    }

    private var windowIndex: [Int64: Int] = [:]
    /// Every window table ever made; closed ones are listed in `freeWindows` for reuse.
    private var tables = Buffer<OpenWindow>()
    private var freeWindows: [Int] = []
    private var freeSlots = Buffer<Int32>()
    private var nextSlot: Int32 = 0
    private var starts = Heap<Int64>()
    private var lastStart = Int64.min
    private var lastIndex = -1
    /// The most keys a window has seen: new windows size their table for as many at once.
    private var keysHint = 0

    var isEmpty: Bool { windowIndex.isEmpty }
    /// How many state slots have ever been handed out (the size state arrays need).
    var slotCapacity: Int { Int(nextSlot) }
    /// The start of the earliest open window.
    var earliestStart: Int64? { starts.min }

    /// The state slot of a key's window, and whether it is new.
    @inline(__always)
    mutating func slot(key: Int64, start: Int64) -> (slot: Int32, created: Bool) {
        let index = start == lastStart ? lastIndex : window(start)
        let table = tables.base.unsafelyUnwrapped + index
        let keySlot = Int(key)
        if keySlot >= table.pointee.slotByKey.count {
            keysHint = Swift.max(keysHint, keySlot + 1)
            table.pointee.slotByKey.grow(to: keysHint, filling: -1)
        }
        let existing = table.pointee.slotByKey[keySlot]
        if existing >= 0 { return (existing, false) }
        let slot: Int32
        if freeSlots.count > 0 {
            slot = freeSlots[freeSlots.count - 1]
            freeSlots.truncate(to: freeSlots.count - 1)
        } else {
            slot = nextSlot
            nextSlot += 1
        }
        table.pointee.slotByKey[keySlot] = slot
        table.pointee.slots.append(slot)
        return (slot, true)
    }

    private mutating func window(_ start: Int64) -> Int {
        let index: Int
        if let existing = windowIndex[start] {
            index = existing
        } else {
            if let reused = freeWindows.popLast() {
                index = reused
                tables[index].start = start
            } else {
                index = tables.count
                tables.append(OpenWindow(start: start))
            }
            windowIndex[start] = index
            starts.insert(start)
        }
        lastStart = start
        lastIndex = index
        return index
    }

    /// The open windows whose start is at most `latestStart`, in order of start, without removing
    /// them (for allowed lateness, where a window fires before its state is dropped).
    func peekWindows(startingAtMost latestStart: Int64) -> [(start: Int64, slots: [Int32])] {
        windowIndex.filter { $0.key <= latestStart }.sorted { $0.key < $1.key }.map { start, index in
            (start, Array(tables[index].slots.elements))
        }
    }

    /// Removes, window by window in order of start, every window whose start is at most
    /// `latestStart`, handing `body` its slots (valid during the call). The slots may be reused
    /// once `body` returns.
    mutating func takeWindows(startingAtMost latestStart: Int64,
                              _ body: (Int64, UnsafeBufferPointer<Int32>) throws(SpateError) -> Void) throws(SpateError) {
        var took = false
        while let start = starts.min, start <= latestStart {
            _ = starts.removeMin()
            guard let index = windowIndex.removeValue(forKey: start) else { continue }
            took = true
            let table = tables.base.unsafelyUnwrapped + index
            let slots = UnsafeBufferPointer(table.pointee.slots.elements)
            defer {
                freeSlots.append(contentsOf: slots)
                table.pointee.slots.removeAll()
                table.pointee.slotByKey.removeAll()  // refilled with -1 when the table is reused
                freeWindows.append(index)
            }
            try body(start, slots)
        }
        if took {
            lastStart = Int64.min
            lastIndex = -1
        }
    }

    /// `takeWindows` collected into arrays, for operators that hand fired windows on later.
    mutating func takeWindows(startingAtMost latestStart: Int64) -> [(start: Int64, slots: [Int32])] {
        var fired: [(start: Int64, slots: [Int32])] = []
        try? takeWindows(startingAtMost: latestStart) { start, slots in fired.append((start, Array(slots))) }
        return fired
    }

    /// Frees the tables; the owner calls this exactly once, in its `deinit`.
    mutating func free() {
        for index in 0..<tables.count {
            tables.base.unsafelyUnwrapped[index].slotByKey.free()
            tables.base.unsafelyUnwrapped[index].slots.free()
        }
        tables.free()
        freeSlots.free()
    }
}
