/// The open windows of one keyed window operator subtask: each (key slot, window start) pair gets a
/// state slot; windows are fired in order of their start (so of their end) when the watermark
/// passes them.
///
/// Within a window a key's slot is a dense table lookup (no hashing). Window tables are pooled
/// (`OpenWindows`) and kept in manually managed buffers, so the per-record path neither allocates
/// nor touches reference counts. The owner calls `free()` in its `deinit`.
struct WindowSlots {
    private struct OpenWindow {
        /// State slot by key slot, -1 where the key has no state in this window.
        var slotByKey = Buffer<Int32>()
        /// The state slots in arrival order (the order results are emitted in).
        var slots = Buffer<Int32>()
    }

    private var open = OpenWindows()
    /// Every window table ever made (`open` says which window holds which).
    private var tables = Buffer<OpenWindow>()
    private var freeSlots = Buffer<Int32>()
    private var nextSlot: Int32 = 0
    /// The most keys a window has seen: new windows size their table for as many at once.
    private var keysHint = 0

    var isEmpty: Bool { open.isEmpty }
    /// How many state slots have ever been handed out (the size state arrays need).
    var slotCapacity: Int { Int(nextSlot) }
    /// The start of the earliest open window.
    var earliestStart: Int64? { open.earliestStart }

    /// The state slot of a key's window, and whether it is new.
    @inline(__always)
    mutating func slot(key: Int64, start: Int64) -> (slot: Int32, created: Bool) {
        let index = open.table(for: start)
        if index == tables.count { tables.append(OpenWindow()) }
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

    /// The open windows whose start is at most `latestStart`, in order of start, without removing
    /// them (for allowed lateness, where a window fires before its state is dropped).
    func peekWindows(startingAtMost latestStart: Int64) -> [(start: Int64, slots: [Int32])] {
        open.windows(startingAtMost: latestStart).map { ($0.start, Array(tables[$0.table].slots.elements)) }
    }

    /// Removes, window by window in order of start, every window whose start is at most
    /// `latestStart`, handing `body` its slots (valid during the call). The slots may be reused
    /// once `body` returns.
    mutating func takeWindows(startingAtMost latestStart: Int64,
                              _ body: (Int64, UnsafeBufferPointer<Int32>) throws(SpateError) -> Void) throws(SpateError) {
        while let (start, index) = open.closeEarliest(startingAtMost: latestStart) {
            let table = tables.base.unsafelyUnwrapped + index
            let slots = UnsafeBufferPointer(table.pointee.slots.elements)
            defer {
                freeSlots.append(contentsOf: slots)
                table.pointee.slots.removeAll()
                table.pointee.slotByKey.removeAll()  // refilled with -1 when the table is reused
                open.release(index)
            }
            try body(start, slots)
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
