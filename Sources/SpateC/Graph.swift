import CSpate
import SpateCore

/// The object behind a `spate_graph *`.
final class GraphBox {
    let graph = StreamGraph()
    /// Whether each node's output is keyed (a key_by), so its consumers read it hash-partitioned.
    var keyed: [Bool] = []
}

@_cdecl("spate_graph_create")
public func spate_graph_create(_ out: UnsafeMutablePointer<OpaquePointer?>?) -> spate_status {
    withStatus { () throws(SpateError) in
        guard let out else { throw SpateError(.invalidArgument, "out must not be NULL") }
        out.pointee = handle(retaining: GraphBox())
    }
}

@_cdecl("spate_graph_destroy")
public func spate_graph_destroy(_ graph: OpaquePointer?) { release(graph, as: GraphBox.self) }

@_cdecl("spate_graph_set_option")
public func spate_graph_set_option(_ graph: OpaquePointer?, _ key: UnsafePointer<CChar>?,
                                   _ value: UnsafePointer<CChar>?) -> spate_status {
    withStatus { () throws(SpateError) in
        guard let box = object(graph, as: GraphBox.self) else { throw SpateError(.invalidArgument, "graph must not be NULL") }
        let key = try string(key, "key")
        let value = try string(value, "value")
        func positive() throws(SpateError) -> Int {
            guard let number = Int(value), number >= 1 else {
                throw SpateError(.invalidArgument, "\(key) must be a whole number of at least 1, got '\(value)'")
            }
            return number
        }
        switch key {
        case "parallelism": box.graph.defaultParallelism = try positive()
        case "max_parallelism":
            let number = try positive()
            guard number <= 32768 else { throw SpateError(.invalidArgument, "max_parallelism must be at most 32768, got \(number)") }
            box.graph.maxParallelism = number
        case "batch_size": box.graph.batchSize = try positive()
        case "bundle_size": box.graph.bundleSize = try positive()
        case "bundle_time_ms": box.graph.bundleTimeMillis = Int64(try positive())
        case "buffer_timeout_ms":
            guard let number = Int64(value), number >= -1 else {
                throw SpateError(.invalidArgument, "buffer_timeout_ms must be -1 or more, got '\(value)'")
            }
            box.graph.bufferTimeoutMillis = number
        case "runtime_mode":
            guard let mode = RuntimeMode(rawValue: value.uppercased()) else {
                throw SpateError(.invalidArgument, "runtime_mode must be STREAMING or BATCH, got '\(value)'")
            }
            box.graph.runtimeMode = mode
        case "job_name": box.graph.jobName = value
        case "checkpoint_interval_ms":
            guard let number = Int64(value), number >= 1 else {
                throw SpateError(.invalidArgument, "checkpoint_interval_ms must be a whole number of at least 1, got '\(value)'")
            }
            box.graph.checkpointIntervalMillis = number
        case "checkpoint_min_pause_ms":
            guard let number = Int64(value), number >= 0 else {
                throw SpateError(.invalidArgument, "checkpoint_min_pause_ms must be a whole number of at least 0, got '\(value)'")
            }
            box.graph.checkpointMinPauseMillis = number
        case "checkpointing_mode":
            guard let mode = CheckpointCoordinator.Mode(rawValue: value) else {
                throw SpateError(.invalidArgument, "checkpointing_mode must be EXACTLY_ONCE or AT_LEAST_ONCE, got '\(value)'")
            }
            box.graph.checkpointingMode = mode
        case "clock":
            // "system", or "ticking:STEP" (tests: time moves STEP ms at every reading).
            if value == "system" {
                box.graph.clock = SystemClock()
            } else if value.hasPrefix("ticking:"), let step = Int64(value.dropFirst(8)), step >= 0 {
                box.graph.clock = TickingClock(step: step)
            } else {
                throw SpateError(.invalidArgument, "clock must be 'system' or 'ticking:STEP', got '\(value)'")
            }
        default: throw SpateError(.invalidArgument, "unknown option '\(key)'")
        }
    }
}

@_cdecl("spate_graph_add_operator")
public func spate_graph_add_operator(_ graph: OpaquePointer?, _ desc: UnsafePointer<spate_operator_desc>?,
                                     _ outID: UnsafeMutablePointer<Int32>?) -> spate_status {
    withStatus { () throws(SpateError) in
        guard let box = object(graph, as: GraphBox.self), let desc = desc?.pointee else {
            throw SpateError(.invalidArgument, "graph and desc must not be NULL")
        }
        let description = try OperatorDescription(desc)
        let id = try description.add(to: box)
        description.wireSides(id, in: box.graph)
        if desc.has_buffer_timeout != 0 { try box.graph.setBufferTimeout(of: id, to: desc.buffer_timeout_ms) }
        while box.keyed.count <= id { box.keyed.append(false) }
        box.keyed[id] = ["key_by", "key_by_field", "key_constant"].contains(String(cString: desc.kind))
        outID?.pointee = Int32(id)
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
