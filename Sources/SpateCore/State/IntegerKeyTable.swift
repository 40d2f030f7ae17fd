/// Slot numbers of 64-bit integer keys: an open-addressing table with linear probing.
///
/// Keyed operators look up every record's key, so this sits on the hottest path of a keyed job. A
/// standard `Dictionary` hashes with SipHash (seeded per process, ~30% of a keyed sum's time);
/// keys here are mixed with a cheap multiplicative hash instead, which is enough for a table that is
/// private to one operator subtask.
struct IntegerKeyTable {
    private var keys: [Int64] = Array(repeating: 0, count: 64)
    private var slots: [Int32] = Array(repeating: -1, count: 64)
    private var mask = 63
    private(set) var count = 0

    /// The slot of `key`, inserting it with slot number `next` when absent.
    @inline(__always)
    mutating func slot(for key: Int64, insertingAs next: Int32) -> (slot: Int32, inserted: Bool) {
        var index = Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while true {
            let found = slots[index]
            if found < 0 { break }
            if keys[index] == key { return (found, false) }
            index = (index + 1) & mask
        }
        keys[index] = key
        slots[index] = next
        count += 1
        if count * 2 > mask { grow() }
        return (next, true)
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldSlots = slots
        keys = Array(repeating: 0, count: oldKeys.count * 2)
        slots = Array(repeating: -1, count: oldKeys.count * 2)
        mask = keys.count - 1
        count = 0
        for index in oldSlots.indices where oldSlots[index] >= 0 {
            _ = slot(for: oldKeys[index], insertingAs: oldSlots[index])
        }
    }
}
