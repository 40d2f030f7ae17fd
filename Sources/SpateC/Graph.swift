import CSpate
import SpateCore

/// The object behind a `spate_graph *`: a plan built into the runtime's graph.
final class GraphBox {
    let graph: StreamGraph
    init(_ graph: StreamGraph) { self.graph = graph }
}

@_cdecl("spate_plan_build")
public func spate_plan_build(_ planJSON: UnsafePointer<CChar>?, _ binder: UnsafePointer<spate_binder>?,
                             _ columns: UnsafePointer<OpaquePointer?>?, _ columnCount: Int32,
                             _ out: UnsafeMutablePointer<OpaquePointer?>?) -> spate_status {
    withStatus { () throws(SpateError) in
        guard let out else { throw SpateError(.invalidArgument, "out must not be NULL") }
        let text = try string(planJSON, "plan")
        guard columnCount >= 0, columnCount == 0 || columns != nil else {
            throw SpateError(.invalidArgument, "columns must hold \(columnCount) builders")
        }
        var values: [Column] = []
        var rowKinds: [Int: RowKindColumn] = [:]
        for index in 0..<Int(columnCount) {
            guard let builder = ColumnBuilder.from(columns?[index]) else {
                throw SpateError(.invalidArgument, "column \(index) must not be NULL")
            }
            values.append(builder.column)
            rowKinds[index] = builder.rowKinds
        }
        let document = try PlanDocument(parsing: text)
        let functions = binder.map { HostBinder($0.pointee) }
        let graph = try PlanBuilder.build(document, functions: functions, columns: values, rowKinds: rowKinds)
        out.pointee = handle(retaining: GraphBox(graph))
    }
}

@_cdecl("spate_graph_destroy")
public func spate_graph_destroy(_ graph: OpaquePointer?) { release(graph, as: GraphBox.self) }

@_cdecl("spate_graph_output_type")
public func spate_graph_output_type(_ graph: OpaquePointer?, _ node: Int32,
                                    _ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> spate_status {
    withStatus { () throws(SpateError) in
        guard let box = object(graph, as: GraphBox.self), let out else {
            throw SpateError(.invalidArgument, "graph and out must not be NULL")
        }
        guard box.graph.nodes.indices.contains(Int(node)) else {
            throw SpateError(.invalidArgument, "node \(node) is not a node of the graph (it has \(box.graph.nodes.count))")
        }
        out.pointee = strdup(box.graph.node(Int(node)).outputType.description)
    }
}

@_cdecl("spate_graph_plan_json")
public func spate_graph_plan_json(_ graph: OpaquePointer?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> spate_status {
    withStatus { () throws(SpateError) in
        guard let box = object(graph, as: GraphBox.self), let out else {
            throw SpateError(.invalidArgument, "graph and out must not be NULL")
        }
        out.pointee = strdup(box.graph.planJSON)
    }
}

#if canImport(Glibc)
import Glibc
#endif
