import Testing
@testable import SpateCore

/// Plans given as JSON documents: built, run, and refused with errors that name the node.
@Suite struct PlanTests {
    /// Builds `json` (with `columns`) and runs it; returns the int64 values of its collect sink.
    private func run(_ json: String, columns: [Column] = [], collect sink: Int) throws -> [Int64] {
        let graph = try PlanBuilder.build(try PlanDocument(parsing: json), columns: columns)
        let job = try Job.start(graph)
        let values = CollectedValues()
        guard let queue = job.collectQueue(sink) else { throw SpateError(.runtime, "no collect sink \(sink)") }
        let reader = try OwnedThread(name: "collect") { values.drain(queue) }
        let finished = Result { () throws(SpateError) in try job.waitUntilFinished() }
        reader.join()  // the reader has every batch once it ends
        try finished.get()
        return values.int64Values
    }

    /// The error text of building `json`, or nil if it builds.
    private func error(of json: String, columns: [Column] = [], functions: (any HostFunctionBinder)? = nil) -> String? {
        do {
            _ = try PlanBuilder.build(try PlanDocument(parsing: json), functions: functions, columns: columns)
            return nil
        } catch {
            return error.message
        }
    }

    @Test(arguments: [1, 2])
    func aPlanOfNativeNodesRuns(parallelism: Int) throws {
        let plan = """
        {"version": 1, "job": {"parallelism": \(parallelism), "runtime_mode": "BATCH"},
         "nodes": [
           {"id": 0, "kind": "sequence_source", "name": "numbers", "settings": {"start": 1, "end": 1000}},
           {"id": 1, "kind": "key_constant", "name": "all", "inputs": [{"node": 0}]},
           {"id": 2, "kind": "keyed_aggregate", "name": "total", "inputs": [{"node": 1}],
            "settings": {"aggregation": "sum"}},
           {"id": 3, "kind": "collect", "name": "out", "inputs": [{"node": 2}]}]}
        """
        #expect(try run(plan, collect: 3) == [500_500])
    }

    @Test func collectionValuesComeFromThePlansColumns() throws {
        let values = PrimitiveColumn<Int64>(type: .int64)
        for value in [5, 3, 8] as [Int64] { values.append(value) }
        let plan = """
        {"version": 1, "nodes": [
           {"id": 0, "kind": "collection_source", "name": "c", "settings": {"values": 0}},
           {"id": 1, "kind": "collect", "name": "out", "inputs": [{"node": 0, "partitioning": "rebalance"}]}]}
        """
        let out = try run(plan, columns: [values], collect: 1)
        #expect(out == [5, 3, 8], "\(out)")
    }

    @Test func outputTypesAreInferredBySwift() throws {
        let plan = """
        {"version": 1, "nodes": [
           {"id": 0, "kind": "collection_source", "name": "c", "settings": {"values": 0}},
           {"id": 1, "kind": "project", "name": "p", "inputs": [{"node": 0}], "settings": {"fields": [2, 0]}},
           {"id": 2, "kind": "print", "name": "s", "inputs": [{"node": 1}]}]}
        """
        let column = Column.make(try DataType(parsing: "tuple<str,i32?,f64!>"), capacity: 0)
        let graph = try PlanBuilder.build(try PlanDocument(parsing: plan), columns: [column])
        #expect(graph.node(1).outputType.description == "tuple<f64!,str>")
        #expect(graph.node(2).outputType.description == "tuple<f64!,str>")
        #expect(column.type.description == "tuple<str,i32?,f64!>")  // nullable markers survive
    }

    private let source = #"{"id": 0, "kind": "sequence_source", "name": "numbers", "settings": {"start": 1, "end": 9}}"#

    @Test func aWrongVersionIsRefused() {
        #expect(error(of: #"{"version": 2, "nodes": []}"#) == "plan version 2 is not supported (this Spate reads version 1)")
        #expect(error(of: #"{"nodes": []}"#)?.hasPrefix("a plan needs a whole-number 'version'") == true)
        #expect(error(of: #"[1]"#) == "a plan must be a JSON object, got array")
    }

    @Test func anEmptyPlanIsRefused() {
        #expect(error(of: #"{"version": 1, "nodes": []}"#) == "a plan needs at least one node")
    }

    @Test func anUnknownKindNamesTheNode() {
        let plan = #"{"version": 1, "nodes": [\#(source), {"id": 1, "kind": "teleport", "name": "Beam", "origin": "job.py:7", "inputs": [{"node": 0}]}]}"#
        let message = error(of: plan)
        #expect(message?.hasPrefix("node 1 'Beam' (job.py:7): unknown kind 'teleport' (known: ") == true)
    }

    @Test func aMissingSettingNamesTheNodeAndTheSetting() {
        let plan = #"{"version": 1, "nodes": [{"id": 0, "kind": "sequence_source", "name": "numbers", "origin": "job.py:3", "settings": {"start": 1}}]}"#
        let message = error(of: plan) ?? ""
        #expect(message.hasPrefix("node 0 'numbers' (job.py:3): settings"), "\(message)")
        #expect(message.contains("'end'"), "\(message)")
        #expect(message.contains("missing"), "\(message)")
    }

    @Test func aMistypedSettingNamesTheNodeAndTheSetting() {
        let plan = #"{"version": 1, "nodes": [{"id": 0, "kind": "sequence_source", "name": "numbers", "settings": {"start": 1, "end": "nine"}}]}"#
        let message = error(of: plan) ?? ""
        #expect(message.hasPrefix("node 0 'numbers': settings.end"), "\(message)")
        #expect(message.contains("string"), "\(message)")
    }

    @Test func anUnknownSettingIsRefused() {
        let plan = #"{"version": 1, "nodes": [{"id": 0, "kind": "sequence_source", "name": "numbers", "settings": {"start": 1, "end": 9, "ned": 3}}]}"#
        let message = error(of: plan) ?? ""
        #expect(message.hasPrefix("node 0 'numbers': "), "\(message)")
        #expect(message.contains("unknown setting 'settings.ned'"), "\(message)")
    }

    @Test func aDanglingEdgeNamesTheNode() {
        let plan = #"{"version": 1, "nodes": [\#(source), {"id": 1, "kind": "print", "name": "out", "inputs": [{"node": 7}]}]}"#
        #expect(error(of: plan) == "node 1 'out': input 7 is not a node of the plan (it has 2)")
    }

    @Test func aCycleNamesItsNodes() {
        let plan = """
        {"version": 1, "nodes": [\(source),
          {"id": 1, "kind": "union", "name": "u", "inputs": [{"node": 0}, {"node": 2}]},
          {"id": 2, "kind": "print", "name": "p", "inputs": [{"node": 1}]}]}
        """
        #expect(error(of: plan) == "node 1 'u' is part of a cycle: 1 -> 2 -> 1")
    }

    @Test func anInputListedAfterItsNodeIsRefused() {
        let plan = """
        {"version": 1, "nodes": [{"id": 0, "kind": "print", "name": "p", "inputs": [{"node": 1}]},
          {"id": 1, "kind": "sequence_source", "name": "numbers", "settings": {"start": 1, "end": 9}}]}
        """
        #expect(error(of: plan) == "node 0 'p': its input node 1 'numbers' must be listed before it")
    }

    @Test func idsMustBePositions() {
        let plan = #"{"version": 1, "nodes": [{"id": 4, "kind": "sequence_source", "name": "numbers", "settings": {"start": 1, "end": 9}}]}"#
        #expect(error(of: plan) == "node 4 'numbers': ids must number the nodes in order, expected id 0")
    }

    @Test func anUnknownFunctionHandleNamesTheNode() {
        let plan = #"{"version": 1, "nodes": [\#(source), {"id": 1, "kind": "map", "name": "Map", "origin": "job.py:9", "inputs": [{"node": 0}], "settings": {"function": 3, "output_type": "i64"}}]}"#
        #expect(error(of: plan, functions: RefusingBinder(functionCount: 1))
                == "node 1 'Map' (job.py:9): function 3 is not one of the plan's 1 functions")
        #expect(error(of: plan) == "node 1 'Map' (job.py:9): function 3 is not one of the plan's 0 functions")
    }

    @Test func aNodeThatNeedsAKeyedInputSaysSo() {
        let plan = #"{"version": 1, "nodes": [\#(source), {"id": 1, "kind": "keyed_aggregate", "name": "s", "inputs": [{"node": 0}], "settings": {"aggregation": "sum"}}]}"#
        #expect(error(of: plan) == "node 1 's': keyed_aggregate needs a keyed stream (call key_by first)")
    }

    @Test func windowsAndTriggersAreTypedSettings() {
        func plan(_ window: String, _ extra: String = "") -> String {
            #"{"version": 1, "nodes": [\#(source), {"id": 1, "kind": "key_constant", "name": "k", "inputs": [{"node": 0}]}, "#
            + #"{"id": 2, "kind": "window_process", "name": "w", "inputs": [{"node": 1}], "#
            + #""settings": {"function": 0, "time": "event", "window": \#(window)\#(extra)}}]}"#
        }
        #expect(error(of: plan(#"{"type": "tumbling", "size": 0}"#))?.hasPrefix("node 2 'w': ") == true)
        #expect(error(of: plan(#"{"type": "hourly"}"#))?.contains("unknown window 'hourly'") == true)
        let trigger = #", "trigger": {"type": "purging", "nested": {"type": "count", "count": 0}}"#
        #expect(error(of: plan(#"{"type": "global"}"#, trigger))?.hasPrefix("node 2 'w': ") == true)
        let unknownTrigger = #", "trigger": {"type": "sometimes"}"#
        #expect(error(of: plan(#"{"type": "global"}"#, unknownTrigger))?.contains("unknown trigger 'sometimes'") == true)
    }
}

/// A host that has functions but binds none (for plans that must fail before binding).
private struct RefusingBinder: HostFunctionBinder {
    let functionCount: Int
    func bind(_ index: Int, as convention: CallConvention, input: DataType, output: DataType?, key: DataType?,
              sides: [PlanSideOutput], label: String) throws(SpateError) -> any HostFunction {
        throw SpateError(.invalidArgument, "no functions here")
    }
}

/// The Swift API builds its jobs as plans too, node by node, through the same builder.
@Suite struct SwiftAPIPlanTests {
    @Test func theSwiftAPIBuildsAPlan() throws {
        let env = StreamEnvironment(parallelism: 2)
        let out = try env.sequence(from: 1, to: 100)
            .assignTimestamps { $0 }
            .keyBy(.int64) { $0 % 2 }
            .window(.tumbling(size: 50, offset: 0), .sum)
            .collect()
        #expect(env.plan.nodes.map(\.kind) == ["sequence_source", "swift_operator", "watermarks", "swift_operator",
                                               "window_aggregate", "collect"])
        #expect(env.plan.nodes.map(\.id) == Array(0..<6))
        try env.execute()
        // Windows [0, 50) and [50, 100) per parity, and [100, 150) holding 100 alone.
        func sum(_ range: ClosedRange<Int64>, parity: Int64) -> Int64 { range.filter { $0 % 2 == parity }.reduce(0, +) }
        let expected = [sum(1...49, parity: 1), sum(1...49, parity: 0), sum(50...99, parity: 1), sum(50...99, parity: 0), 100]
        #expect(out.int64Values.sorted() == expected.sorted())
    }

    @Test func aPlanOfNativeNodesFromTheSwiftAPIRebuildsAlike() throws {
        let env = StreamEnvironment(parallelism: 1)
        _ = try env.sequence(from: 1, to: 10).union(try env.sequence(from: 11, to: 20)).print()
        let rebuilt = try PlanBuilder.build(env.plan)
        #expect(rebuilt.nodes.map(\.kind) == env.graph.nodes.map(\.kind))
        #expect(rebuilt.nodes.map(\.outputType) == env.graph.nodes.map(\.outputType))
    }
}

/// Types declared nullable (`T?`, the Table API's) store and run as `T`.
@Suite struct NullableTypeTests {
    @Test func aNullableFieldIsAggregatedAndANullableRowPrintsAsARow() throws {
        let rows = StructColumn(type: try DataType(parsing: "row<k:i64,v:i64?>?"))
        for (key, value) in [(1, 5), (1, 7), (2, 1)] as [(Int64, Int64)] {
            try rows.fields[0].appendInt(key)
            try rows.fields[1].appendInt(value)
            try rows.appendStruct()
        }
        var format = PrintFormat()
        #expect(try format.line(rows, row: 0) == "+I[1,5]")
        let plan = """
        {"version": 1, "nodes": [
           {"id": 0, "kind": "collection_source", "name": "c", "settings": {"values": 0}},
           {"id": 1, "kind": "key_by_field", "name": "k", "inputs": [{"node": 0}], "settings": {"field": 0}},
           {"id": 2, "kind": "keyed_aggregate", "name": "s", "inputs": [{"node": 1}], "settings": {"aggregation": "sum", "field": 1}},
           {"id": 3, "kind": "collect", "name": "out", "inputs": [{"node": 2}]}]}
        """
        let graph = try PlanBuilder.build(try PlanDocument(parsing: plan), columns: [rows])
        #expect(graph.node(2).outputType.description == "row<k:i64,v:i64?>?")
        let job = try Job.start(graph)
        let values = CollectedValues()
        guard let queue = job.collectQueue(3) else { throw SpateError(.runtime, "no collect sink") }
        let reader = try OwnedThread(name: "collect") { values.drain(queue) }
        let finished = Result { () throws(SpateError) in try job.waitUntilFinished() }
        reader.join()
        try finished.get()
        let sums = values.allBatches.flatMap { batch in
            let field = (batch.values as! StructColumn).fields[1] as! PrimitiveColumn<Int64>
            return (0..<field.count).map { field.values[$0] }
        }
        #expect(sums == [5, 12, 1])
    }
}
