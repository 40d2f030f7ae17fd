/// Decimal text of the big numbers the columns hold in binary form.
enum DecimalText {
    /// The decimal digits of a two's-complement integer stored least significant byte first.
    static func bigInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard !bytes.isEmpty else { return "0" }
        let negative = bytes[bytes.count - 1] & 0x80 != 0
        // Magnitude as base-2^32 limbs, most significant last.
        var magnitude = [UInt8](bytes)
        if negative {
            var carry: UInt16 = 1
            for index in magnitude.indices {
                let sum = UInt16(~magnitude[index]) + carry
                magnitude[index] = UInt8(truncatingIfNeeded: sum)
                carry = sum >> 8
            }
        }
        var limbs: [UInt32] = []
        for start in stride(from: 0, to: magnitude.count, by: 4) {
            var limb: UInt32 = 0
            for offset in 0..<4 where start + offset < magnitude.count {
                limb |= UInt32(magnitude[start + offset]) << UInt32(8 * offset)
            }
            limbs.append(limb)
        }
        var chunks: [UInt32] = []  // base 10^9, least significant first
        while limbs.contains(where: { $0 != 0 }) {
            var remainder: UInt64 = 0
            for index in limbs.indices.reversed() {
                let value = remainder << 32 | UInt64(limbs[index])
                limbs[index] = UInt32(value / 1_000_000_000)
                remainder = value % 1_000_000_000
            }
            chunks.append(UInt32(remainder))
        }
        guard let last = chunks.last else { return "0" }
        var text = negative ? "-" : ""
        text += String(last)
        for chunk in chunks.dropLast().reversed() { text += CivilTime.pad(Int(chunk), 9) }
        return text
    }

    /// An unscaled 128-bit value with `scale` digits after the point: `-12.50`.
    static func decimal(_ unscaled: Int128, scale: Int) -> String {
        var digits = String(unscaled.magnitude)
        if scale > 0 {
            if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        }
        return (unscaled < 0 ? "-" : "") + digits
    }
}
