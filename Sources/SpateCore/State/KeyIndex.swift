/// Maps each distinct key seen by a keyed operator subtask to a dense slot number, where the
/// operator keeps that key's state.
final class KeyIndex {
    private var integerSlots = IntegerKeyTable()
    private var byteSlots: [[UInt8]: Int32] = [:]
    private(set) var slotCount: Int32 = 0
    /// Reused between batches so the hot path does not allocate.
    private var scratch = Buffer<Int64>()

    deinit { scratch.free() }

    /// The slot of every key of `keys`, creating slots for new keys.
    func slots(for keys: Column) throws(SpateError) -> UnsafeMutableBufferPointer<Int64> {
        scratch.removeAll()
        let out = scratch.extend(by: keys.count)
        if let integers = keys as? PrimitiveColumn<Int64>, integers.nullCount == 0 {
            // Work on a local table (moved out and back, so no copy) to keep the loop free of
            // exclusivity checks.
            var table = integerSlots
            integerSlots = IntegerKeyTable()
            var next = slotCount
            let input = integers.values
            for row in 0..<integers.count {
                let (slot, inserted) = table.slot(for: input[row], insertingAs: next)
                out[row] = Int64(slot)
                if inserted { next += 1 }
            }
            integerSlots = table
            slotCount = next
        } else {
            for row in 0..<keys.count {
                var encoded: [UInt8] = []
                try Self.encode(keys, row: row, into: &encoded)
                out[row] = Int64(slot(bytes: encoded))
            }
        }
        return scratch.elements
    }

    private func slot(bytes key: [UInt8]) -> Int32 {
        if let existing = byteSlots[key] { return existing }
        defer { slotCount += 1 }
        byteSlots[key] = slotCount
        return slotCount
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
        case let c as BoolColumn: bytes.append(c.bits[row] ? 1 : 0)
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
