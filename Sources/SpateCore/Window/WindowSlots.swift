import HeapModule

/// The open windows of one keyed window operator subtask: each (key slot, window start) pair gets a
/// state slot; windows are fired in order of their start (so of their end) when the watermark
/// passes them.
///
/// Records arrive mostly in time order, so consecutive records share a window: the last window
/// looked up is remembered, and within a window a key's slot is a dense array lookup (no hashing).
struct WindowSlots {
    private struct OpenWindow {
        var start: Int64
        /// State slot by key slot, -1 where the key has no state in this window.
        var slotByKey: [Int32] = []
        /// The state slots in arrival order (the order results are emitted in).
        var slots: [Int32] = []
    }

    private var windowIndex: [Int64: Int] = [:]
    private var open: [OpenWindow?] = []
    private var freeWindows: [Int] = []
    private var freeSlots: [Int32] = []
    private var nextSlot: Int32 = 0
    private var starts = Heap<Int64>()
    private var lastStart = Int64.min
    private var lastIndex = -1

    var isEmpty: Bool { windowIndex.isEmpty }
    /// The start of the earliest open window.
    var earliestStart: Int64? { starts.min }
    /// How many state slots have ever been handed out (the size state arrays need).
    var slotCapacity: Int { Int(nextSlot) }

    /// The state slot of a key's window, and whether it is new.
    @inline(__always)
    mutating func slot(key: Int64, start: Int64) -> (slot: Int32, created: Bool) {
        let index = start == lastStart ? lastIndex : window(start)
        let keySlot = Int(key)
        if keySlot < open[index]!.slotByKey.count {
            let existing = open[index]!.slotByKey[keySlot]
            if existing >= 0 { return (existing, false) }
        } else {
            let missing = keySlot + 1 - open[index]!.slotByKey.count
            open[index]!.slotByKey.append(contentsOf: repeatElement(-1, count: missing))
        }
        let slot: Int32
        if let reused = freeSlots.popLast() {
            slot = reused
        } else {
            slot = nextSlot
            nextSlot += 1
        }
        open[index]!.slotByKey[keySlot] = slot
        open[index]!.slots.append(slot)
        return (slot, true)
    }

    private mutating func window(_ start: Int64) -> Int {
        let index: Int
        if let existing = windowIndex[start] {
            index = existing
        } else {
            if let reused = freeWindows.popLast() {
                index = reused
                open[index] = OpenWindow(start: start)
            } else {
                index = open.count
                open.append(OpenWindow(start: start))
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
        windowIndex.keys.filter { $0 <= latestStart }.sorted().compactMap { start in
            open[windowIndex[start]!].map { (start, $0.slots) }
        }
    }

    /// Removes and returns, window by window in order of start, the slots of every window whose
    /// start is at most `latestStart`. The slots may be reused after the caller has read them.
    mutating func takeWindows(startingAtMost latestStart: Int64) -> [(start: Int64, slots: [Int32])] {
        var fired: [(start: Int64, slots: [Int32])] = []
        while let start = starts.min, start <= latestStart {
            _ = starts.removeMin()
            guard let index = windowIndex.removeValue(forKey: start), let window = open[index] else { continue }
            open[index] = nil
            freeWindows.append(index)
            freeSlots.append(contentsOf: window.slots)
            fired.append((start, window.slots))
        }
        if fired.count > 0 {
            lastStart = Int64.min
            lastIndex = -1
        }
        return fired
    }
}
