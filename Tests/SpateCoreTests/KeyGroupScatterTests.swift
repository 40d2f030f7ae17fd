import Testing
@testable import SpateCore

/// Hash partitioning by scattering rows straight into each target's next batch: every row reaches
/// the subtask owning its key group (Flink's rule), in order, in batches of at most the batch size.
@Suite struct KeyGroupScatterTests {
    /// The subtask of `key` by the definition (murmur of the hash, modulo, range of key groups).
    private func owner(_ key: Int64, parallelism: Int, maxParallelism: Int) -> Int {
        let group = KeyGroups.keyGroup(hash: UInt64(bitPattern: key), maxParallelism: maxParallelism)
        return KeyGroups.subtask(keyGroup: group, parallelism: parallelism, maxParallelism: maxParallelism)
    }

    /// `rows` records from `start`: values `start + row` (as `Element`), keys `(start + row) % 97`,
    /// optionally timestamps `10 * value`.
    private func batch<Element: PrimitiveElement>(_: Element.Type, type: DataType, rows: Int, from start: Int64 = 0,
                                                  timestamps: Bool = false) -> RecordBatch {
        let values = PrimitiveColumn<Element>(type: type)
        let keys = PrimitiveColumn<Int64>(type: .int64)
        let stamps = PrimitiveColumn<Int64>(type: .int64)
        for row in 0..<Int64(rows) {
            values.append(Element.exactly(start + row)!)
            keys.append((start + row) % 97)
            stamps.append(10 * (start + row))
        }
        return RecordBatch(values: values, keys: keys, timestamps: timestamps ? stamps : nil)
    }

    /// Scatters `batches` and takes what waits at the end: each target's batches, as their values.
    private func split(_ batches: [RecordBatch], parallelism: Int, maxParallelism: Int = 128,
                       batchSize: Int) throws -> [[[Int64]]] {
        let scatter = KeyGroupScatter(parallelism: parallelism, maxParallelism: maxParallelism, batchSize: batchSize)
        var received = [[RecordBatch]](repeating: [], count: parallelism)
        for batch in batches {
            #expect(scatter.accepts(batch) == (true, true))
            try scatter.scatter(batch) { target, part in received[target].append(part) }
        }
        for target in 0..<parallelism {
            if let part = scatter.take(target) { received[target].append(part) }
        }
        #expect(!scatter.hasOpenRows)
        return try received.map { parts in
            try parts.map { part in
                #expect(part.count <= batchSize && part.count > 0)
                #expect(part.keys!.count == part.count)
                let keys = part.keys as! PrimitiveColumn<Int64>
                var values: [Int64] = []
                for row in 0..<part.count {
                    let value = try #require(Self.value(part.values, row))
                    #expect(keys[row] == value % 97)  // each row's key travels with it
                    if let stamps = part.timestamps { #expect(stamps[row] == 10 * value) }
                    values.append(value)
                }
                return values
            }
        }
    }

    private static func value(_ column: Column, _ row: Int) -> Int64? {
        switch column {
        case let c as PrimitiveColumn<Int64>: return c[row]
        case let c as PrimitiveColumn<Int32>: return Int64(c[row])
        case let c as PrimitiveColumn<Double>: return Int64(c[row])
        case let c as PrimitiveColumn<Int16>: return Int64(c[row])
        default: return nil
        }
    }

    /// Each target gets exactly the rows it owns, in their order, in full batches but the last.
    private func check(_ parts: [[[Int64]]], rows: Int, parallelism: Int, maxParallelism: Int = 128, batchSize: Int) {
        for target in 0..<parallelism {
            let expected = (0..<Int64(rows)).filter { owner($0 % 97, parallelism: parallelism, maxParallelism: maxParallelism) == target }
            #expect(parts[target].flatMap { $0 } == expected)
            #expect(parts[target].dropLast().allSatisfy { $0.count == batchSize })
        }
    }

    @Test(arguments: [2, 3, 5])
    func rowsReachTheirKeyGroupsOwnerInOrderAndInFullBatches(parallelism: Int) throws {
        // Int64 values and keys: the one-pass path for columns of 8-byte values.
        let batches = (0..<7).map { batch(Int64.self, type: .int64, rows: 1000, from: Int64($0) * 1000) }
        check(try split(batches, parallelism: parallelism, batchSize: 300), rows: 7000, parallelism: parallelism, batchSize: 300)
    }

    @Test(arguments: [2, 4])
    func timestampsTravelWithTheirRows(parallelism: Int) throws {
        let batches = (0..<3).map { batch(Double.self, type: .float64, rows: 500, from: Int64($0) * 500, timestamps: true) }
        check(try split(batches, parallelism: parallelism, batchSize: 128), rows: 1500, parallelism: parallelism, batchSize: 128)
    }

    @Test(arguments: [2, 3])
    func narrowerColumnsAreScatteredColumnByColumn(parallelism: Int) throws {
        // Int32 and Int16 values: the general path (positions first, then each column).
        let narrow = (0..<4).map { batch(Int32.self, type: .int32, rows: 700, from: Int64($0) * 700) }
        check(try split(narrow, parallelism: parallelism, batchSize: 256), rows: 2800, parallelism: parallelism, batchSize: 256)
        let narrower = (0..<2).map { batch(Int16.self, type: .int16, rows: 300, from: Int64($0) * 300, timestamps: true) }
        check(try split(narrower, parallelism: parallelism, batchSize: 64), rows: 600, parallelism: parallelism, batchSize: 64)
    }

    @Test func aMaximumParallelismNotAPowerOfTwoFollowsTheDefinition() throws {
        let batches = (0..<2).map { batch(Int64.self, type: .int64, rows: 1000, from: Int64($0) * 1000) }
        check(try split(batches, parallelism: 3, maxParallelism: 100, batchSize: 4096),
              rows: 2000, parallelism: 3, maxParallelism: 100, batchSize: 4096)
    }

    @Test func batchesOfOtherShapesAreLeftToGather() {
        let scatter = KeyGroupScatter(parallelism: 2, maxParallelism: 128, batchSize: 100)
        let strings = StringColumn(type: .string)
        let keys = PrimitiveColumn<Int64>(type: .int64)
        let withNull = PrimitiveColumn<Int64>(type: .int64)
        withNull.appendNull()
        keys.append(1)
        #expect(scatter.accepts(RecordBatch(values: strings, keys: keys)).scatterable == false)
        #expect(scatter.accepts(RecordBatch(values: withNull, keys: keys)).scatterable == false)
        let kinds = batch(Int64.self, type: .int64, rows: 1)
        kinds.rowKinds = RowKindColumn([.delete])
        #expect(scatter.accepts(kinds).scatterable == false)
    }

    @Test func aBatchOfAnotherShapeDoesNotFitTheOpenParts() throws {
        let scatter = KeyGroupScatter(parallelism: 2, maxParallelism: 128, batchSize: 100)
        try scatter.scatter(batch(Int64.self, type: .int64, rows: 10)) { _, _ in Issue.record("no part is full yet") }
        #expect(scatter.hasOpenRows)
        #expect(scatter.accepts(batch(Int64.self, type: .int64, rows: 3)) == (true, true))
        #expect(scatter.accepts(batch(Int32.self, type: .int32, rows: 3)) == (true, false))
        #expect(scatter.accepts(batch(Int64.self, type: .int64, rows: 3, timestamps: true)) == (true, false))
        let first = scatter.take(0), second = scatter.take(1)
        #expect((first?.count ?? 0) + (second?.count ?? 0) == 10)
        #expect(scatter.accepts(batch(Int32.self, type: .int32, rows: 3)) == (true, true))  // nothing open: anything fits
    }

    /// A writer mixing scattered batches and batches it must gather keeps each target's order.
    @Test func gatheredPartsDoNotOvertakeOpenParts() throws {
        let inboxes = [Channel<Message>(capacity: 64), Channel<Message>(capacity: 64)]
        let writer = RecordWriter(targets: inboxes, partitioning: .hash, input: 0, maxParallelism: 128,
                                  subtaskIndex: 0, channelIndex: 0, batchSize: 1000, bufferTimeoutMillis: 10_000)
        try writer.emit(batch(Int64.self, type: .int64, rows: 50))
        let kinds = batch(Int64.self, type: .int64, rows: 50, from: 50)
        kinds.rowKinds = RowKindColumn(Array(repeating: .insert, count: 50))
        try writer.emit(kinds)  // gathered: the open parts go first
        try writer.emit(batch(Int64.self, type: .int64, rows: 50, from: 100))
        try writer.flush()
        for (target, inbox) in inboxes.enumerated() {
            var values: [Int64] = []
            while case .records(let part, _, _)? = inbox.poll() {
                let column = part.values as! PrimitiveColumn<Int64>
                values += (0..<part.count).map { column[$0] }
            }
            #expect(values == (0..<Int64(150)).filter { owner($0 % 97, parallelism: 2, maxParallelism: 128) == target })
        }
    }
}
