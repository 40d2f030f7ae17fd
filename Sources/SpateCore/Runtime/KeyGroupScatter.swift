/// Hash partitioning without a copy per part: each row of a batch is written once, straight into the
/// batch being gathered for the subtask that owns its key group (the target's open part), so a
/// target gets whole batches rather than each batch's share as a small part of its own.
///
/// Takes batches whose values, keys and timestamps are fixed-width columns without nulls and which
/// carry no row kinds (`accepts`); `RecordWriter` splits the others with `RecordBatch.gather`. An
/// open part holds up to a batch's size; a part that fills is handed back at once, and the writer
/// takes the others (`take`) when their time comes (a flush, the buffer timeout, an in-band event).
/// Within a target the rows keep their order.
final class KeyGroupScatter {
    private let parallelism: Int
    private let maxParallelism: Int
    private let batchSize: Int
    /// The target of each key group (a lookup, not a division per row).
    private let targetOfKeyGroup: [Int32]
    /// Per target: the rows gathered so far, nil when none.
    private var open: [RecordBatch?]
    /// Each row of the batch being split: its key group, then its target (in place).
    private var targetOfRow = Buffer<Int32>()
    /// Each row's position among its target's rows of the current stretch.
    private var positionOfRow = Buffer<Int32>()
    /// The open parts' shape: every batch scattered into them has it.
    private var shape: Shape?
    /// Reused while scattering a stretch of rows: each target's part (nil: no rows for it), and one of their columns.
    private var stretchParts: [RecordBatch?]
    private var partColumns: [Column?]

    private struct Shape: Equatable {
        var values: ObjectIdentifier, valuesType: DataType
        var keys: ObjectIdentifier, keysType: DataType
        var timestamped: Bool
    }

    init(parallelism: Int, maxParallelism: Int, batchSize: Int) {
        self.parallelism = parallelism
        self.maxParallelism = maxParallelism
        self.batchSize = max(1, batchSize)
        targetOfKeyGroup = (0..<maxParallelism).map {
            Int32(KeyGroups.subtask(keyGroup: Int32($0), parallelism: parallelism, maxParallelism: maxParallelism))
        }
        open = Array(repeating: nil, count: parallelism)
        stretchParts = open
        partColumns = Array(repeating: nil, count: parallelism)
    }

    deinit {
        targetOfRow.free()
        positionOfRow.free()
    }

    /// Rows waiting in `target`'s open part.
    func openRows(_ target: Int) -> Int { open[target]?.count ?? 0 }

    var hasOpenRows: Bool { open.contains { ($0?.count ?? 0) > 0 } }

    /// Whether `batch` can be scattered, and fits the parts open now (when not, the caller takes
    /// them first, so nothing overtakes them).
    func accepts(_ batch: RecordBatch) -> (scatterable: Bool, fitsOpenParts: Bool) {
        guard let shape = Self.shape(of: batch) else { return (false, false) }
        return (true, !hasOpenRows || shape == self.shape)
    }

    private static func shape(of batch: RecordBatch) -> Shape? {
        guard batch.rowKinds == nil, let keys = batch.keys,
              batch.values is FixedWidthColumn, batch.values.validity == nil,
              keys is FixedWidthColumn, keys.validity == nil,
              batch.timestamps?.validity == nil else { return nil }
        return Shape(values: ObjectIdentifier(type(of: batch.values)), valuesType: batch.values.type,
                     keys: ObjectIdentifier(type(of: keys)), keysType: keys.type, timestamped: batch.timestamps != nil)
    }

    /// The rows waiting for `target`, as one batch (nil: none); its part is closed.
    func take(_ target: Int) -> RecordBatch? {
        guard let part = open[target], part.count > 0 else { return nil }
        open[target] = nil
        return part
    }

    /// Writes each row of `batch` (which `accepts` took, fitting the open parts) into its target's
    /// open part; `full` gets each part that reaches a batch's size, as it does.
    func scatter(_ batch: RecordBatch, full: (Int, RecordBatch) throws(SpateError) -> Void) throws(SpateError) {
        let keys = batch.keys!
        let count = batch.count
        shape = Self.shape(of: batch)
        targetOfRow.removeAll()
        positionOfRow.removeAll()
        let targets = targetOfRow.extend(by: count)
        let positions = positionOfRow.extend(by: count)
        try KeyGroups.assign(keys, maxParallelism: maxParallelism, into: targets)
        let columns: [FixedWidthColumn] = [batch.values as! FixedWidthColumn, keys as! FixedWidthColumn]
            + (batch.timestamps.map { [$0] } ?? [])
        // Columns of 8-byte values (Int64 and Double values, keys, timestamps) take one pass.
        let wordSources = columns.allSatisfy { $0.valueStride == 8 } ? columns.map { $0.valueBytes } : nil
        defer {
            for target in 0..<parallelism {
                stretchParts[target] = nil
                partColumns[target] = nil
            }
        }
        var start = 0
        try withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * parallelism) { (counters) throws(SpateError) in
            let fill = counters.baseAddress!, room = fill + parallelism
            while start < count {
                // This stretch's rows: up to the first that would overfill its target's part.
                for target in 0..<parallelism {
                    fill[target] = 0
                    room[target] = Int32(batchSize - openRows(target))
                }
                if let words = wordSources {
                    start = scatterWords(words, groups: targets, from: start, to: count, like: batch, fill: fill, room: room)
                    for target in 0..<parallelism where openRows(target) >= batchSize {
                        try full(target, take(target)!)
                    }
                    continue
                }
                let row = targetOfKeyGroup.withUnsafeBufferPointer { table in
                    placeRows(targets, positions, rows: start..<count, table: table.baseAddress!, parallelism: parallelism,
                              fill: fill, room: room)
                }
                let stretch = start..<row
                for target in 0..<parallelism { stretchParts[target] = fill[target] > 0 ? part(target, like: batch) : nil }
                for (index, column) in columns.enumerated() {
                    for target in 0..<parallelism { partColumns[target] = stretchParts[target].map { Self.column(index, of: $0) } }
                    column.scatter(rows: stretch, targets: targets, positions: positions, into: partColumns, counts: fill)
                }
                start = row
                for target in 0..<parallelism where openRows(target) >= batchSize {
                    try full(target, take(target)!)
                }
            }
        }
    }

    /// Places and copies the rows from `start` on in one pass, up to the first whose target's part
    /// is full; `groups` holds their key groups and `sources` the columns' values (two or three
    /// columns of 8-byte values, in `column` order). Returns where it stopped.
    private func scatterWords(_ sources: [UnsafeRawPointer], groups: UnsafePointer<Int32>, from start: Int, to end: Int,
                              like batch: RecordBatch, fill: UnsafeMutablePointer<Int32>, room: UnsafePointer<Int32>) -> Int {
        let columns = sources.count
        return withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<UInt64>.self, capacity: 3 * parallelism) { ends in
            // Where each target's part continues, column by column (three slots a target; the third
            // is unused without timestamps).
            let destinations = ends.baseAddress!
            for target in 0..<parallelism {
                let part = part(target, like: batch)
                for column in 0..<3 {
                    let into = Self.column(Swift.min(column, columns - 1), of: part) as! FixedWidthColumn
                    destinations[3 * target + column] = into.valueEnd.assumingMemoryBound(to: UInt64.self)
                }
            }
            let first = sources[0].assumingMemoryBound(to: UInt64.self), second = sources[1].assumingMemoryBound(to: UInt64.self)
            let third = columns > 2 ? sources[2].assumingMemoryBound(to: UInt64.self) : nil
            let row = targetOfKeyGroup.withUnsafeBufferPointer { table in
                scatterWordRows(groups, rows: start..<end, table: table.baseAddress!, parallelism: parallelism,
                                first, second, third, into: UnsafePointer(destinations), fill: fill, room: room)
            }
            for target in 0..<parallelism where fill[target] > 0 {
                let part = open[target]!
                for column in 0..<columns { (Self.column(column, of: part) as! FixedWidthColumn).appendWritten(Int(fill[target])) }
            }
            return row
        }
    }

    /// Column `index` of `batch` in the order `scatter` writes them: values, keys, timestamps.
    private static func column(_ index: Int, of batch: RecordBatch) -> Column {
        index == 0 ? batch.values : index == 1 ? batch.keys! : batch.timestamps!
    }

    /// `target`'s open part (opened, with room for a batch, if none).
    private func part(_ target: Int, like batch: RecordBatch) -> RecordBatch {
        let part: RecordBatch
        if let existing = open[target] {
            part = existing
        } else {
            part = RecordBatch(values: (batch.values as! FixedWidthColumn).makePart(capacity: batchSize),
                               keys: (batch.keys as! FixedWidthColumn).makePart(capacity: batchSize),
                               timestamps: batch.timestamps.map { $0.makePart(capacity: batchSize) as! PrimitiveColumn<Int64> })
            open[target] = part
        }
        return part
    }
}

/// A column of fixed-width values that `KeyGroupScatter` writes row by row into its targets' parts.
protocol FixedWidthColumn: Column {
    /// An empty column of the same class and type, with room for `capacity` rows.
    func makePart(capacity: Int) -> Column
    /// Appends `counts[t]` rows to `parts[t]` (a column `makePart` made, with the room): the rows in
    /// `rows` whose `targets` entry is t, each at its `positions` entry among them.
    func scatter(rows: Range<Int>, targets: UnsafePointer<Int32>, positions: UnsafePointer<Int32>,
                 into parts: [Column?], counts: UnsafePointer<Int32>)
    /// The width of a value in bytes.
    var valueStride: Int { get }
    /// Where the values start.
    var valueBytes: UnsafeRawPointer { get }
    /// Where the next value goes (the column has room reserved for what will be written there).
    var valueEnd: UnsafeMutableRawPointer { get }
    /// Counts `rows` values written at `valueEnd` as appended (all valid).
    func appendWritten(_ rows: Int)
}

extension PrimitiveColumn: FixedWidthColumn {
    func makePart(capacity: Int) -> Column { PrimitiveColumn<Element>(type: type, capacity: capacity) }

    var valueStride: Int { MemoryLayout<Element>.stride }
    var valueBytes: UnsafeRawPointer { UnsafeRawPointer(values.base ?? UnsafeMutablePointer(bitPattern: 64)!) }
    var valueEnd: UnsafeMutableRawPointer { UnsafeMutableRawPointer(values.base.unsafelyUnwrapped + values.count) }
    func appendWritten(_ rows: Int) { _ = extendValues(by: rows) }

    func scatter(rows: Range<Int>, targets: UnsafePointer<Int32>, positions: UnsafePointer<Int32>,
                 into parts: [Column?], counts: UnsafePointer<Int32>) {
        guard !rows.isEmpty, let source = values.base else { return }
        withUnsafeTemporaryAllocation(of: UnsafeMutableRawPointer?.self, capacity: parts.count) { bases in
            for (target, part) in parts.enumerated() {
                bases[target] = part.map { UnsafeMutableRawPointer(unsafeDowncast($0, to: PrimitiveColumn<Element>.self).extendValues(by: Int(counts[target]))) }
            }
            let from = UnsafeRawPointer(source), to = UnsafePointer(bases.baseAddress!)
            // By width: a plain copy of each row's bytes, with no generic code per row.
            switch MemoryLayout<Element>.stride {
            case 1: scatterRows(UInt8.self, from, rows, targets, positions, to)
            case 2: scatterRows(UInt16.self, from, rows, targets, positions, to)
            case 4: scatterRows(UInt32.self, from, rows, targets, positions, to)
            case 8: scatterRows(UInt64.self, from, rows, targets, positions, to)
            default: scatterRows(Element.self, from, rows, targets, positions, to)
            }
        }
    }
}

@inline(__always)
private func scatterRows<Word: BitwiseCopyable>(_: Word.Type, _ source: UnsafeRawPointer, _ rows: Range<Int>,
                                                _ targets: UnsafePointer<Int32>, _ positions: UnsafePointer<Int32>,
                                                _ bases: UnsafePointer<UnsafeMutableRawPointer?>) {
    let from = source.assumingMemoryBound(to: Word.self)
    for row in rows {
        let to = bases[Int(targets[row])].unsafelyUnwrapped.assumingMemoryBound(to: Word.self)
        to[Int(positions[row])] = from[row]
    }
}

/// Walks `rows` from the first, giving each row its target (`table`'s entry for its key group in
/// `groups`) and its position among its target's rows (`fill` counts them on from their entry), and
/// hands them to `place`; stops at the first row whose target has no `room` left. Returns where it
/// stopped. Two targets keep their counts in registers, chosen without a branch.
@inline(__always)
private func walkRows(_ groups: UnsafePointer<Int32>, rows: Range<Int>, table: UnsafePointer<Int32>, parallelism: Int,
                      fill: UnsafeMutablePointer<Int32>, room: UnsafePointer<Int32>,
                      _ place: (_ row: Int, _ target: Int32, _ position: Int32) -> Void) -> Int {
    var row = rows.lowerBound
    if parallelism == 2 {
        var first = fill[0], second = fill[1]
        let firstRoom = room[0], secondRoom = room[1]
        while row < rows.upperBound {
            let target = table[Int(groups[row])]  // 0 or 1
            let position = target == 0 ? first : second
            if position == (target == 0 ? firstRoom : secondRoom) { break }
            place(row, target, position)
            first &+= 1 &- target
            second &+= target
            row += 1
        }
        fill[0] = first
        fill[1] = second
        return row
    }
    while row < rows.upperBound {
        let target = table[Int(groups[row])]
        let position = fill[Int(target)]
        if position == room[Int(target)] { break }
        place(row, target, position)
        fill[Int(target)] = position &+ 1
        row += 1
    }
    return row
}

/// Turns each row's key group in `targets` into its target and sets its position among its
/// target's rows (`walkRows`). Returns where it stopped.
private func placeRows(_ targets: UnsafeMutablePointer<Int32>, _ positions: UnsafeMutablePointer<Int32>, rows: Range<Int>,
                       table: UnsafePointer<Int32>, parallelism: Int, fill: UnsafeMutablePointer<Int32>,
                       room: UnsafePointer<Int32>) -> Int {
    walkRows(targets, rows: rows, table: table, parallelism: parallelism, fill: fill, room: room) { row, target, position in
        targets[row] = target
        positions[row] = position
    }
}

/// `scatterWords`' loop: copies each row's two or three 8-byte values to its target's
/// `destinations` (three a target) at its position (`walkRows`). Returns where it stopped.
private func scatterWordRows(_ groups: UnsafePointer<Int32>, rows: Range<Int>, table: UnsafePointer<Int32>, parallelism: Int,
                             _ first: UnsafePointer<UInt64>, _ second: UnsafePointer<UInt64>, _ third: UnsafePointer<UInt64>?,
                             into destinations: UnsafePointer<UnsafeMutablePointer<UInt64>>,
                             fill: UnsafeMutablePointer<Int32>, room: UnsafePointer<Int32>) -> Int {
    walkRows(groups, rows: rows, table: table, parallelism: parallelism, fill: fill, room: room) { row, target, position in
        let to = destinations + 3 * Int(target), at = Int(position)
        to[0][at] = first[row]
        to[1][at] = second[row]
        if let third { to[2][at] = third[row] }
    }
}
