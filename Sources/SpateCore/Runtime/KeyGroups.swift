/// Flink's key-group arithmetic: keys hash to one of `maxParallelism` key groups, and key groups map
/// to subtasks in contiguous ranges, so state can later be rescaled by moving whole key groups.
public enum KeyGroups {
    /// Murmur3's 32-bit finalizer over a 64-bit hash, as Flink's `MathUtils.murmurHash` spreads
    /// `hashCode()`; stable across processes (unlike Python's salted `hash()` of str).
    @inline(__always)
    public static func spread(_ hash: UInt64) -> UInt32 {
        var h = UInt32(truncatingIfNeeded: hash ^ (hash >> 32))
        h &*= 0xcc9e_2d51
        h = (h << 15) | (h >> 17)
        h &*= 0x1b87_3593
        h = (h << 13) | (h >> 19)
        h = h &* 5 &+ 0xe654_6b64
        h ^= 4
        h ^= h >> 16
        h &*= 0x85eb_ca6b
        h ^= h >> 13
        h &*= 0xc2b2_ae35
        h ^= h >> 16
        return h
    }

    /// `spread` of eight hashes at once (the same arithmetic, lane by lane).
    @inline(__always)
    static func spread8(_ hash: SIMD8<UInt64>) -> SIMD8<UInt32> {
        var h = SIMD8<UInt32>(truncatingIfNeeded: hash ^ (hash &>> 32))
        h &*= 0xcc9e_2d51
        h = (h &<< 15) | (h &>> 17)
        h &*= 0x1b87_3593
        h = (h &<< 13) | (h &>> 19)
        h = h &* 5 &+ 0xe654_6b64
        h ^= 4
        h ^= h &>> 16
        h &*= 0x85eb_ca6b
        h ^= h &>> 13
        h &*= 0xc2b2_ae35
        h ^= h &>> 16
        return h
    }

    @inline(__always)
    public static func keyGroup(hash: UInt64, maxParallelism: Int) -> Int32 {
        Int32(truncatingIfNeeded: Int(spread(hash) % UInt32(maxParallelism)))
    }

    /// `x % divisor` for 32-bit `x` without a division instruction (Lemire's exact fast modulus):
    /// key groups are assigned for every record, and a hardware division was a quarter of a keyed
    /// sum's time.
    struct Modulus {
        private let multiplier: UInt64
        private let divisor: UInt64

        /// `divisor` is a key group count: 1...32768, as the execution plan checks.
        init(_ divisor: Int) {
            self.divisor = UInt64(Swift.min(Swift.max(divisor, 1), Int(UInt32.max)))
            multiplier = UInt64.max / self.divisor &+ 1
        }

        @inline(__always)
        func remainder(_ x: UInt32) -> UInt32 {
            let low = multiplier &* UInt64(x)
            return UInt32(truncatingIfNeeded: low.multipliedFullWidth(by: divisor).high)
        }
    }

    /// The subtask that owns `keyGroup`.
    @inline(__always)
    public static func subtask(keyGroup: Int32, parallelism: Int, maxParallelism: Int) -> Int {
        Int(keyGroup) * parallelism / maxParallelism
    }

    /// FNV-1a over bytes: the stable hash of string and binary keys.
    @inline(__always)
    public static func hashBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }

    /// The stable hash of each key of a key column.
    public static func hashes(of keys: Column) throws(SpateError) -> [UInt64] {
        var result = [UInt64](repeating: 0, count: keys.count)
        switch keys {
        case let column as PrimitiveColumn<Int64>:
            for row in 0..<column.count { result[row] = UInt64(bitPattern: column.values[row]) }
        case let column as PrimitiveColumn<Int32>:
            for row in 0..<column.count { result[row] = UInt64(bitPattern: Int64(column.values[row])) }
        case let column as PrimitiveColumn<Int16>:
            for row in 0..<column.count { result[row] = UInt64(bitPattern: Int64(column.values[row])) }
        case let column as PrimitiveColumn<Int8>:
            for row in 0..<column.count { result[row] = UInt64(bitPattern: Int64(column.values[row])) }
        case let column as PrimitiveColumn<Double>:
            for row in 0..<column.count { result[row] = column.values[row].bitPattern }
        case let column as PrimitiveColumn<Float>:
            for row in 0..<column.count { result[row] = UInt64(column.values[row].bitPattern) }
        case let column as PrimitiveColumn<Int128>:
            for row in 0..<column.count {
                let value = column.values[row]
                result[row] = UInt64(truncatingIfNeeded: value) &* 31 &+ UInt64(truncatingIfNeeded: value >> 64)
            }
        case let column as BoolColumn:
            for row in 0..<column.count { result[row] = column.bits[row] ? 1 : 0 }
        case let column as ListColumn:
            let elementHashes = try hashes(of: column.elements)
            for row in 0..<column.count {
                var hash: UInt64 = 19
                for element in column.range(row) { hash = hash &* 31 &+ elementHashes[element] }
                result[row] = hash
            }
        case is NullColumn:
            break
        case let column as StringColumn:
            for row in 0..<column.count { result[row] = hashBytes(column.utf8(row)) }
        case let column as StructColumn:
            result = [UInt64](repeating: 17, count: keys.count)
            for field in column.fields {
                let fieldHashes = try hashes(of: field)
                for row in 0..<column.count { result[row] = result[row] &* 31 &+ fieldHashes[row] }
            }
        default:
            throw SpateError(.typeMismatch, "keys of type \(keys.type) cannot be hashed; declare a key_type")
        }
        if keys.nullCount > 0 {
            for row in 0..<keys.count where keys.isNull(row) { result[row] = 0x9e37_79b9 }
        }
        return result
    }

    /// The key group of each key.
    public static func assign(_ keys: Column, maxParallelism: Int) throws(SpateError) -> PrimitiveColumn<Int32> {
        let groups = PrimitiveColumn<Int32>(type: .int32, capacity: keys.count)
        try assign(keys, maxParallelism: maxParallelism, into: groups.values.extend(by: keys.count))
        groups.count = keys.count
        return groups
    }

    /// The key group of each key, written to `out` (room for `keys.count`).
    public static func assign(_ keys: Column, maxParallelism: Int, into out: UnsafeMutablePointer<Int32>) throws(SpateError) {
        if let integers = keys as? PrimitiveColumn<Int64>, integers.nullCount == 0 {
            let input = integers.values
            if maxParallelism & (maxParallelism - 1) == 0 {
                // Flink's default key group counts are powers of two: a mask, and a loop the compiler vectorizes.
                let mask = UInt32(maxParallelism - 1)
                let count = integers.count
                var row = 0
                while row + 8 <= count, let base = input.base {
                    let keys = UnsafeRawPointer(base + row).loadUnaligned(as: SIMD8<UInt64>.self)
                    let groups = spread8(keys) & SIMD8(repeating: mask)
                    UnsafeMutableRawPointer(out + row).storeBytes(of: SIMD8<Int32>(truncatingIfNeeded: groups), as: SIMD8<Int32>.self)
                    row += 8
                }
                while row < count {
                    out[row] = Int32(truncatingIfNeeded: spread(UInt64(bitPattern: input[row])) & mask)
                    row += 1
                }
            } else {
                let modulus = Modulus(maxParallelism)
                for row in 0..<integers.count {
                    out[row] = Int32(truncatingIfNeeded: modulus.remainder(spread(UInt64(bitPattern: input[row]))))
                }
            }
            return
        }
        let hashes = try hashes(of: keys)
        let modulus = Modulus(maxParallelism)
        for (row, hash) in hashes.enumerated() { out[row] = Int32(truncatingIfNeeded: modulus.remainder(spread(hash))) }
    }
}
