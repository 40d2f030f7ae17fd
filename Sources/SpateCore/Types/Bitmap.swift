/// A growable bit buffer in Arrow's layout (least significant bit first, 64-bit words), used for
/// validity bitmaps and boolean values. Its words are handed to C as they are, which is why it is not
/// swift-collections' `BitArray` (whose storage is not exposed).
public struct Bitmap: Sendable {
    public private(set) var words: [UInt64] = []
    public private(set) var count = 0

    public init() {}

    public init(repeating value: Bool, count: Int) {
        words = Array(repeating: value ? ~0 : 0, count: (count + 63) / 64)
        self.count = count
    }

    public subscript(index: Int) -> Bool {
        get { words[index >> 6] & (1 << UInt64(index & 63)) != 0 }
        set {
            let mask: UInt64 = 1 << UInt64(index & 63)
            if newValue { words[index >> 6] |= mask } else { words[index >> 6] &= ~mask }
        }
    }

    public mutating func append(_ bit: Bool) {
        if count & 63 == 0 { words.append(0) }
        let mask: UInt64 = 1 << UInt64(count & 63)
        if bit { words[count >> 6] |= mask } else { words[count >> 6] &= ~mask }
        count += 1
    }

    public mutating func reserveCapacity(_ bits: Int) { words.reserveCapacity((bits + 63) / 64) }

    /// Number of set bits.
    public var setCount: Int {
        guard count > 0 else { return 0 }
        var total = 0
        for index in 0..<(words.count - 1) { total += words[index].nonzeroBitCount }
        let tail = count & 63
        let last = words[words.count - 1]
        total += (tail == 0 ? last : last & ((1 << UInt64(tail)) - 1)).nonzeroBitCount
        return total
    }
}
