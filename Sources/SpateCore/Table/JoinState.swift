/// What a join holds of one side's rows, as Flink's join record state views: per key slot, the
/// distinct rows with that key, each with how many times it is held (a row inserted twice is held
/// twice, a retraction takes one back) and, for a side that keeps unmatched rows, how many rows of
/// the other side it is joined with (0: it was emitted padded with NULLs).
///
/// Each distinct row is stored once (`rows`, by identity from `identities`), and its entry is found
/// through `positions`, so holding or taking back a row costs the same however many rows its key
/// has. A row taken back for good leaves its entry with a count of 0 until half of its slot's
/// entries are such, then the slot is compacted; entries keep the order their rows first came in.
/// Identities are never freed: a row that comes and goes keeps its stored copy.
final class JoinSideState {
    struct Entry {
        var identity: Int32
        /// 64 bits: a count of copies, and a product of two in batch mode, must not overflow.
        var count: Int
        var associations: Int
    }

    /// Every distinct row this side has had, by identity.
    let rows: StructColumn
    private let identities = KeyIndex()
    /// Per key slot: its rows (count 0: taken back).
    private(set) var entries: [[Entry]] = []
    /// Per key slot: how many of its entries have a count of 0.
    private var emptied: [Int] = []
    /// Per identity: its entry's index in its slot's entries, -1 when it has none. A row's key, and
    /// so its slot, never changes.
    private var positions: [Int32] = []

    init(rowType: DataType) {
        rows = StructColumn(type: rowType)
    }

    /// The identity of each row of `batch`, storing rows not seen before.
    func identify(_ batch: StructColumn) throws(SpateError) -> [Int32] {
        let ids = try identities.slots(for: batch)
        var result = [Int32](repeating: 0, count: batch.count)
        for row in 0..<batch.count {
            let id = Int32(ids[row])
            if Int(id) == rows.count {
                rows.append(from: batch, row: row)
                positions.append(-1)
            }
            result[row] = id
        }
        return result
    }

    /// Makes room for slots up to `count`.
    func grow(to count: Int) {
        while entries.count < count {
            entries.append([])
            emptied.append(0)
        }
    }

    /// Holds row `identity` once more under `slot`; its association count becomes `associations`
    /// (Flink's addRecord: the latest count stands for every copy).
    func add(_ identity: Int32, slot: Int, associations: Int = 0) {
        let position = Int(positions[Int(identity)])
        if position >= 0 {
            if entries[slot][position].count == 0 { emptied[slot] -= 1 }
            entries[slot][position].count += 1
            entries[slot][position].associations = associations
        } else {
            positions[Int(identity)] = Int32(entries[slot].count)
            entries[slot].append(Entry(identity: identity, count: 1, associations: associations))
        }
    }

    /// Takes one copy of row `identity` back from `slot`, if held (Flink ignores a retraction of a
    /// row it does not hold).
    func retract(_ identity: Int32, slot: Int) {
        let position = Int(positions[Int(identity)])
        guard position >= 0, entries[slot][position].count > 0 else { return }
        entries[slot][position].count -= 1
        guard entries[slot][position].count == 0 else { return }
        emptied[slot] += 1
        if emptied[slot] * 2 > entries[slot].count { compact(slot) }
    }

    func setAssociations(_ associations: Int, slot: Int, entry: Int) {
        entries[slot][entry].associations = associations
    }

    /// Drops `slot`'s entries whose rows were all taken back.
    private func compact(_ slot: Int) {
        var kept: [Entry] = []
        for entry in entries[slot] {
            if entry.count == 0 {
                positions[Int(entry.identity)] = -1
            } else {
                positions[Int(entry.identity)] = Int32(kept.count)
                kept.append(entry)
            }
        }
        entries[slot] = kept
        emptied[slot] = 0
    }
}
