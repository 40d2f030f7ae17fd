import Testing
@testable import SpateCore

/// Row kinds travel with their records through every operator that moves rows without making new
/// ones, and print as Flink prints them.
@Suite struct RowKindTests {
    /// Rows (k, v) for v in `values`, each of kind `kindOf(v)`.
    private static func rows(_ values: [Int64]) throws -> (StructColumn, RowKindColumn) {
        let column = StructColumn(type: try DataType(parsing: "row<k:i64,v:i64>"))
        let kinds = RowKindColumn()
        for value in values {
            try column.fields[0].appendInt(value % 3)
            try column.fields[1].appendInt(value)
            try column.appendStruct()
            kinds.append(kindOf(value))
        }
        return (column, kinds)
    }

    private static func kindOf(_ value: Int64) -> RowKind { RowKind(rawValue: UInt8(value % 4))! }

    /// Every (v, kind) a collect sink received, where v is field `field` of each record.
    private static func received(_ batches: [RecordBatch], field: Int) -> [(Int64, RowKind)] {
        batches.flatMap { batch in
            let values = (batch.values as! StructColumn).fields[field] as! PrimitiveColumn<Int64>
            return (0..<batch.count).map { (values[$0], batch.rowKind($0)) }
        }
    }

    private static func run(_ graph: StreamGraph, collect sink: Int) throws -> [RecordBatch] {
        let job = try Job.start(graph)
        let values = CollectedValues()
        guard let queue = job.collectQueue(sink) else { throw SpateError(.runtime, "no collect sink \(sink)") }
        let reader = try OwnedThread(name: "collect") { values.drain(queue) }
        let finished = Result { () throws(SpateError) in try job.waitUntilFinished() }
        reader.join()
        try finished.get()
        return values.allBatches
    }

    /// Two collections of rows of every kind, united, keyed by a field, projected and sent over
    /// each partitioning to a collect sink: every record keeps its kind.
    @Test(arguments: [1, 2], ["", "rebalance", "shuffle", "rescale", "broadcast"])
    func kindsSurviveUnionKeyByProjectAndEveryPartitioning(parallelism: Int, partitioning: String) throws {
        let first = Array(Int64(0)..<40), second = Array(Int64(100)..<130)
        let (a, aKinds) = try Self.rows(first)
        let (b, bKinds) = try Self.rows(second)
        let edge = partitioning.isEmpty ? "" : #", "partitioning": "\#(partitioning)""#
        let plan = """
        {"version": 1, "job": {"parallelism": \(parallelism), "batch_size": 7},
         "nodes": [
           {"id": 0, "kind": "collection_source", "name": "a", "settings": {"values": 0}},
           {"id": 1, "kind": "collection_source", "name": "b", "settings": {"values": 1}},
           {"id": 2, "kind": "union", "name": "u", "inputs": [{"node": 0}, {"node": 1, "partitioning": "rebalance"}]},
           {"id": 3, "kind": "key_by_field", "name": "k", "inputs": [{"node": 2}], "settings": {"field": 0}},
           {"id": 4, "kind": "project", "name": "p", "inputs": [{"node": 3}], "settings": {"fields": [1, 0]}},
           {"id": 5, "kind": "collect", "name": "out", "inputs": [{"node": 4\(edge)}]}]}
        """
        let graph = try PlanBuilder.build(try PlanDocument(parsing: plan), columns: [a, b], rowKinds: [0: aKinds, 1: bKinds])
        let out = Self.received(try Self.run(graph, collect: 5), field: 0)
        let copies = partitioning == "broadcast" ? parallelism : 1
        #expect(out.map(\.0).sorted() == (first + second).flatMap { Array(repeating: $0, count: copies) }.sorted())
        for (value, kind) in out { #expect(kind == Self.kindOf(value), "record \(value)") }
    }

    /// A stream without row kinds carries none: nothing is added for insert-only streams.
    @Test func insertOnlyStreamsCarryNoKinds() throws {
        let env = StreamEnvironment(parallelism: 2)
        let sink = try env.sequence(from: 1, to: 100).keyBy(.int64) { $0 % 5 }.collect()
        try env.execute()
        #expect(sink.allBatches.allSatisfy { $0.rowKinds == nil })
        #expect(sink.int64Values.count == 100)
    }

    /// A filter (rows selected by `gather`, as a host filter's are) and a custom partitioning
    /// (each row sent where the partitioner says) keep each row's kind.
    @Test(arguments: [1, 2])
    func kindsSurviveFilterAndCustomPartitioning(parallelism: Int) throws {
        let values = Array(Int64(0)..<50)
        let (column, kinds) = try Self.rows(values)
        let env = StreamEnvironment(parallelism: parallelism)
        let filtered = try env.collection(column, rowKinds: kinds).transform("Filter") { batch in
            let fields = (batch.values as! StructColumn).fields[1] as! PrimitiveColumn<Int64>
            let kept = (0..<batch.count).filter { fields[$0] % 5 != 0 }.map(Int32.init)
            return kept.withUnsafeBufferPointer { batch.gather($0, move: false) }
        }.transform("Partitioner") { batch in
            let chosen = PrimitiveColumn<Int32>(type: .int32)
            for row in 0..<batch.count { chosen.append(Int32(row % parallelism)) }
            return RecordBatch(values: batch.values, keys: chosen, timestamps: batch.timestamps, rowKinds: batch.rowKinds)
        }
        let sink = try filtered.partitioned(.custom).transform("Custom", parallelism: parallelism) { $0 }.collect()
        try env.execute()
        let out = Self.received(sink.allBatches, field: 1)
        #expect(out.map(\.0).sorted() == values.filter { $0 % 5 != 0 })
        for (value, kind) in out { #expect(kind == Self.kindOf(value), "record \(value)") }
    }

    /// Flink's print form: a ROW shows its kind; tuples, plain values and rows nested in a tuple
    /// print as before.
    @Test func aRowPrintsItsKind() throws {
        let row = StructColumn(type: try DataType(parsing: "row<a:i64,b:str>"))
        try row.fields[0].appendInt(1)
        try row.fields[1].appendText("x")
        try row.appendStruct()
        var format = PrintFormat()
        #expect(try format.line(row, row: 0) == "+I[1,x]")
        #expect(try format.line(row, row: 0, kind: .insert) == "+I[1,x]")
        #expect(try format.line(row, row: 0, kind: .updateBefore) == "-U[1,x]")
        #expect(try format.line(row, row: 0, kind: .updateAfter) == "+U[1,x]")
        #expect(try format.line(row, row: 0, kind: .delete) == "-D[1,x]")

        let tuple = StructColumn(type: try DataType(parsing: "tuple<i64,row<f0:str,f1:i64>>"))
        try tuple.fields[0].appendInt(1)
        let inner = tuple.fields[1] as! StructColumn
        try inner.fields[0].appendText("x")
        try inner.fields[1].appendInt(2)
        try inner.appendStruct()
        try tuple.appendStruct()
        #expect(try format.line(tuple, row: 0, kind: .delete) == "(1,+I[x, 2])")

        let number = PrimitiveColumn<Int64>(type: .int64)
        number.append(7)
        #expect(try format.line(number, row: 0, kind: .updateAfter) == "7")
    }

    @Test func aCollectionsKindsMustMatchItsValues() throws {
        let (column, _) = try Self.rows([1, 2, 3])
        let plan = """
        {"version": 1, "nodes": [
           {"id": 0, "kind": "collection_source", "name": "c", "settings": {"values": 0}},
           {"id": 1, "kind": "collect", "name": "out", "inputs": [{"node": 0}]}]}
        """
        do {
            _ = try PlanBuilder.build(try PlanDocument(parsing: plan), columns: [column], rowKinds: [0: RowKindColumn([.delete])])
            Issue.record("built a collection of 3 values with 1 row kind")
        } catch {
            #expect(error.message.contains("3 values but 1 row kinds"), "\(error.message)")
        }
    }

    @Test func shortStringsAreFlinks() {
        #expect(RowKind.allCases.map(\.shortString) == ["+I", "-U", "+U", "-D"])
        #expect(RowKind.allCases.map(\.rawValue) == [0, 1, 2, 3])
    }

    /// Setting a kind pads with inserts; gathering keeps each row's kind.
    @Test func aKindColumnPadsWithInsertsAndGathers() {
        let kinds = RowKindColumn()
        kinds.set(.delete, at: 2)
        kinds.pad(to: 5)
        #expect((0..<kinds.count).map { kinds[$0] } == [.insert, .insert, .delete, .insert, .insert])
        let picked = [Int32(2), 0].withUnsafeBufferPointer { kinds.gather($0) }
        #expect((0..<picked.count).map { picked[$0] } == [.delete, .insert])
    }
}
