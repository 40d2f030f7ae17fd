import HeapModule

/// The open windows of one keyed window operator subtask: each (key slot, window start) pair gets a
/// state slot; windows are fired in order of their end when the watermark passes them.
struct WindowSlots {
    private var slotOf: [WindowKey: Int32] = [:]
    /// Per state slot: its key slot and window start; nil once fired and freed.
    private(set) var entries: [(keySlot: Int64, start: Int64)?] = []
    private var free: [Int32] = []
    /// Open windows by start, each with its state slots in arrival order.
    private var byStart: [Int64: [Int32]] = [:]
    private var starts = Heap<Int64>()

    struct WindowKey: Hashable {
        var keySlot: Int64
        var start: Int64
    }

    var isEmpty: Bool { byStart.isEmpty }

    /// The state slot of a key's window, and whether it is new.
    mutating func slot(key: Int64, start: Int64) -> (slot: Int32, created: Bool) {
        let windowKey = WindowKey(keySlot: key, start: start)
        if let slot = slotOf[windowKey] { return (slot, false) }
        let slot: Int32
        if let reused = free.popLast() {
            slot = reused
            entries[Int(slot)] = (key, start)
        } else {
            slot = Int32(entries.count)
            entries.append((key, start))
        }
        slotOf[windowKey] = slot
        if byStart[start] == nil {
            byStart[start] = []
            starts.insert(start)
        }
        byStart[start]!.append(slot)
        return (slot, true)
    }

    /// Removes and returns, window by window in order of start, the slots of every window whose
    /// start is at most `latestStart`.
    mutating func takeWindows(startingAtMost latestStart: Int64) -> [(start: Int64, slots: [Int32])] {
        var fired: [(start: Int64, slots: [Int32])] = []
        while let start = starts.min, start <= latestStart {
            _ = starts.removeMin()
            let slots = byStart.removeValue(forKey: start) ?? []
            for slot in slots {
                if let entry = entries[Int(slot)] { slotOf[WindowKey(keySlot: entry.keySlot, start: entry.start)] = nil }
                entries[Int(slot)] = nil
                free.append(slot)
            }
            fired.append((start, slots))
        }
        return fired
    }
}
