/// Slot numbers of byte-string keys (string keys, and the encoded form of composite keys).
///
/// Keys are copied once into an arena; lookups hash the caller's bytes in place, so finding an
/// existing key allocates nothing (a `Dictionary<[UInt8], Int32>` builds an array per lookup and
/// hashes it one byte at a time through SipHash).
struct BytesKeyTable {
    private var arena: [UInt8] = []
    private var keyStart: [Int] = []
    private var keyLength: [Int] = []
    private var hashes: [UInt64] = []
    /// Index into the key arrays + 1; 0 is an empty bucket.
    private var buckets: [Int32] = Array(repeating: 0, count: 64)
    private var mask = 63

    /// The slot of `key`; a new key gets slot number `next`. Slots are dense: a key's slot is the
    /// order in which it was first seen, offset by the caller's numbering.
    mutating func slot(for key: UnsafeBufferPointer<UInt8>, insertingAs next: Int32) -> (slot: Int32, inserted: Bool) {
        let hash = KeyGroups.hashBytes(key)
        var index = Int(truncatingIfNeeded: hash >> 7) & mask
        while true {
            let entry = Int(buckets[index]) - 1
            if entry < 0 { break }
            if hashes[entry] == hash && keyLength[entry] == key.count && equals(entry, key) {
                return (slots[entry], false)
            }
            index = (index + 1) & mask
        }
        keyStart.append(arena.count)
        keyLength.append(key.count)
        hashes.append(hash)
        slots.append(next)
        arena.append(contentsOf: key)
        buckets[index] = Int32(keyStart.count)
        if keyStart.count * 2 > mask { grow() }
        return (next, true)
    }

    private var slots: [Int32] = []

    private func equals(_ entry: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        arena.withUnsafeBufferPointer { stored in
            let start = keyStart[entry]
            for offset in 0..<key.count where stored[start + offset] != key[offset] { return false }
            return true
        }
    }

    private mutating func grow() {
        buckets = Array(repeating: 0, count: buckets.count * 2)
        mask = buckets.count - 1
        for entry in hashes.indices {
            var index = Int(truncatingIfNeeded: hashes[entry] >> 7) & mask
            while buckets[index] != 0 { index = (index + 1) & mask }
            buckets[index] = Int32(entry + 1)
        }
    }
}
