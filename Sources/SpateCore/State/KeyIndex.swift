/// Maps each distinct key seen by a keyed operator subtask to a dense slot number, where the
/// operator keeps that key's state.
final class KeyIndex {
    private var integerSlots = IntegerKeyTable()
    private var byteSlots = BytesKeyTable()
    private var nullSlot: Int32?
    private(set) var slotCount: Int32 = 0
    /// Reused between batches so the hot path does not allocate.
    private var scratch = Buffer<Int64>()

    deinit { scratch.free() }

    /// The slot of every key of `keys`, creating slots for new keys.
    func slots(for keys: Column) throws(SpateError) -> UnsafeMutableBufferPointer<Int64> {
        scratch.removeAll()
        let out = scratch.extend(by: keys.count)
        if let integers = keys as? PrimitiveColumn<Int64> {
            // Work on a local table (moved out and back, so no copy) to keep the loop free of
            // exclusivity checks.
            var table = integerSlots
            integerSlots = IntegerKeyTable()
            var next = slotCount
            let input = integers.values
            let hasNulls = integers.nullCount > 0
            for row in 0..<integers.count {
                if hasNulls && integers.isNull(row) {
                    out[row] = nullKeySlot(&next)
                    continue
                }
                let (slot, inserted) = table.slot(for: input[row], insertingAs: next)
                out[row] = Int64(slot)
                if inserted { next += 1 }
            }
            integerSlots = table
            slotCount = next
        } else if let strings = keys as? StringColumn {
            // String keys are their UTF-8 bytes; the null key gets a slot of its own.
            var table = byteSlots
            byteSlots = BytesKeyTable()
            var next = slotCount
            for row in 0..<strings.count {
                if strings.isNull(row) {
                    out[row] = nullKeySlot(&next)
                    continue
                }
                let (slot, inserted) = table.slot(for: strings.utf8(row), insertingAs: next)
                out[row] = Int64(slot)
                if inserted { next += 1 }
            }
            byteSlots = table
            slotCount = next
        } else {
            var encoded: [UInt8] = []
            for row in 0..<keys.count {
                encoded.removeAll(keepingCapacity: true)
                try Self.encode(keys, row: row, into: &encoded)
                let (slot, inserted) = encoded.withUnsafeBufferPointer { byteSlots.slot(for: $0, insertingAs: slotCount) }
                out[row] = Int64(slot)
                if inserted { slotCount += 1 }
            }
        }
        return scratch.elements
    }

    /// The slot of the null key, created (as slot `next`) when first seen.
    private func nullKeySlot(_ next: inout Int32) -> Int64 {
        if nullSlot == nil {
            nullSlot = next
            next += 1
        }
        return Int64(nullSlot!)
    }

    /// An unambiguous byte encoding of one key (used for equality of non-integer keys).
    static func encode(_ column: Column, row: Int, into bytes: inout [UInt8]) throws(SpateError) {
        if column.isNull(row) {
            bytes.append(0)
            return
        }
        bytes.append(1)
        func appendInteger(_ value: UInt64) {
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        }
        switch column {
        case let c as PrimitiveColumn<Int64>: appendInteger(UInt64(bitPattern: c.values[row]))
        case let c as PrimitiveColumn<Int32>: appendInteger(UInt64(bitPattern: Int64(c.values[row])))
        case let c as PrimitiveColumn<Int16>: appendInteger(UInt64(bitPattern: Int64(c.values[row])))
        case let c as PrimitiveColumn<Int8>: appendInteger(UInt64(bitPattern: Int64(c.values[row])))
        case let c as PrimitiveColumn<Double>: appendInteger(c.values[row].bitPattern)
        case let c as PrimitiveColumn<Float>: appendInteger(UInt64(c.values[row].bitPattern))
        case let c as PrimitiveColumn<Int128>:
            appendInteger(UInt64(truncatingIfNeeded: c.values[row]))
            appendInteger(UInt64(truncatingIfNeeded: c.values[row] >> 64))
        case let c as BoolColumn: bytes.append(c.bits[row] ? 1 : 0)
        case let c as ListColumn:
            appendInteger(UInt64(c.range(row).count))
            for element in c.range(row) { try encode(c.elements, row: element, into: &bytes) }
        case let c as StringColumn:
            let utf8 = c.utf8(row)
            appendInteger(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        case let c as StructColumn:
            for field in c.fields { try encode(field, row: row, into: &bytes) }
        default:
            throw SpateError(.typeMismatch, "keys of type \(column.type) cannot be compared; declare a key_type")
        }
    }
}
