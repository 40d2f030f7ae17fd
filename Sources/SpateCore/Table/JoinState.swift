/// What a join holds of one side's rows, as Flink's join record state views: per key slot, the
/// distinct rows with that key, each with how many times it is held (a row inserted twice is held
/// twice, a retraction takes one back) and, for a side that keeps unmatched rows, how many rows of
/// the other side it is joined with (0: it was emitted padded with NULLs).
///
/// Each distinct row is stored once (`rows`, by identity from `identities`), so a slot's entries are
/// small and a retraction finds its row by identity, not by comparing values. Identities are never
/// freed: a row that comes and goes keeps its stored copy.
final class JoinSideState {
    struct Entry {
        var identity: Int32
        var count: Int32
        var associations: Int32
    }

    /// Every distinct row this side has had, by identity.
    let rows: StructColumn
    private let identities = KeyIndex()
    /// Per key slot: its rows, in the order they first came.
    private(set) var entries: [[Entry]] = []

    init(rowType: DataType) {
        rows = StructColumn(type: rowType)
    }

    /// The identity of each row of `batch`, storing rows not seen before.
    func identify(_ batch: StructColumn) throws(SpateError) -> [Int32] {
        let ids = try identities.slots(for: batch)
        var result = [Int32](repeating: 0, count: batch.count)
        for row in 0..<batch.count {
            let id = Int32(ids[row])
            if Int(id) == rows.count { rows.append(from: batch, row: row) }
            result[row] = id
        }
        return result
    }

    /// Makes room for slots up to `count`.
    func grow(to count: Int) {
        while entries.count < count { entries.append([]) }
    }

    /// Holds row `identity` once more under `slot`; its association count becomes `associations`
    /// (Flink's addRecord: the latest count stands for every copy).
    func add(_ identity: Int32, slot: Int, associations: Int32 = 0) {
        if let index = entries[slot].firstIndex(where: { $0.identity == identity }) {
            entries[slot][index].count += 1
            entries[slot][index].associations = associations
        } else {
            entries[slot].append(Entry(identity: identity, count: 1, associations: associations))
        }
    }

    /// Takes one copy of row `identity` back from `slot`, if held (Flink ignores a retraction of a
    /// row it does not hold).
    func retract(_ identity: Int32, slot: Int) {
        guard let index = entries[slot].firstIndex(where: { $0.identity == identity }) else { return }
        if entries[slot][index].count > 1 {
            entries[slot][index].count -= 1
        } else {
            entries[slot].remove(at: index)
        }
    }

    func setAssociations(_ associations: Int32, slot: Int, entry: Int) {
        entries[slot][entry].associations = associations
    }
}
