import CSpate
import SpateCore

/// The object behind a `spate_job *`, with the batch each collect sink last handed out.
final class JobBox {
    let job: Job
    var lastCollected: [Int32: RecordBatch] = [:]
    init(job: Job) { self.job = job }
}

@_cdecl("spate_job_start")
public func spate_job_start(_ graph: OpaquePointer?, _ out: UnsafeMutablePointer<OpaquePointer?>?) -> spate_status {
    withStatus { () throws(SpateError) in
        guard let box = object(graph, as: GraphBox.self), let out else {
            throw SpateError(.invalidArgument, "graph and out must not be NULL")
        }
        out.pointee = handle(retaining: JobBox(job: try Job.start(box.graph)))
    }
}

@_cdecl("spate_job_wait")
public func spate_job_wait(_ job: OpaquePointer?, _ timeoutMillis: Int64) -> spate_status {
    guard let box = object(job, as: JobBox.self) else {
        LastError.set("job must not be NULL")
        return SPATE_ERROR
    }
    switch box.job.wait(timeoutMillis: timeoutMillis < 0 ? nil : timeoutMillis) {
    case .running: return SPATE_TIMEOUT
    case .finished: return SPATE_OK
    case .failed(let kind):
        LastError.set(box.job.error?.message ?? "the job failed")
        return status(of: kind)
    }
}

@_cdecl("spate_job_cancel")
public func spate_job_cancel(_ job: OpaquePointer?) { object(job, as: JobBox.self)?.job.cancel() }

@_cdecl("spate_job_thread_ids")
public func spate_job_thread_ids(_ job: OpaquePointer?, _ out: UnsafeMutablePointer<UInt64>?, _ capacity: Int32) -> Int32 {
    guard let box = object(job, as: JobBox.self) else { return 0 }
    let ids = box.job.threadIDs
    for (index, id) in ids.prefix(Int(max(capacity, 0))).enumerated() { out?[index] = id }
    return Int32(ids.count)
}

@_cdecl("spate_job_failed_operator")
public func spate_job_failed_operator(_ job: OpaquePointer?, _ subtask: UnsafeMutablePointer<Int32>?) -> Int32 {
    guard let box = object(job, as: JobBox.self) else { return -1 }
    let failed = box.job.failedOperator
    subtask?.pointee = Int32(failed.subtask)
    return Int32(failed.node)
}

@_cdecl("spate_job_runtime_ms")
public func spate_job_runtime_ms(_ job: OpaquePointer?) -> Int64 { object(job, as: JobBox.self)?.job.runtimeMillis ?? 0 }

@_cdecl("spate_job_collect")
public func spate_job_collect(_ job: OpaquePointer?, _ sinkID: Int32, _ timeoutMillis: Int64,
                              _ out: UnsafeMutablePointer<ArrowArray>?) -> spate_status {
    guard let box = object(job, as: JobBox.self), let out else {
        LastError.set("job and out_batch must not be NULL")
        return SPATE_ERROR
    }
    guard let queue = box.job.collectQueue(Int(sinkID)) else {
        LastError.set("operator \(sinkID) is not a collect sink")
        return SPATE_ERROR
    }
    box.lastCollected[sinkID] = nil
    switch queue.next(timeoutMillis: timeoutMillis < 0 ? nil : timeoutMillis) {
    case .batch(let batch):
        box.lastCollected[sinkID] = batch
        ArrowExport.export(batch, into: out)
        return SPATE_OK
    case .timedOut: return SPATE_TIMEOUT
    case .end:
        if let error = box.job.error, box.job.wait(timeoutMillis: 0) != .running || error.kind != .cancelled {
            LastError.set(error.message)
            return status(of: error.kind)
        }
        return SPATE_END
    }
}

@_cdecl("spate_job_destroy")
public func spate_job_destroy(_ job: OpaquePointer?) {
    guard let box = object(job, as: JobBox.self) else { return }
    box.job.cancel()
    box.job.join()
    box.lastCollected = [:]
    release(job, as: JobBox.self)
}

@_cdecl("spate_job_metrics")
public func spate_job_metrics(_ job: OpaquePointer?, _ out: UnsafeMutablePointer<spate_operator_metrics>?, _ capacity: Int32,
                              _ count: UnsafeMutablePointer<Int32>?, _ completedCheckpoints: UnsafeMutablePointer<Int64>?,
                              _ failedCheckpoints: UnsafeMutablePointer<Int64>?) -> spate_status {
    withStatus { () throws(SpateError) in
        guard let box = object(job, as: JobBox.self), let count else {
            throw SpateError(.invalidArgument, "job and count must not be NULL")
        }
        guard capacity <= 0 || out != nil else { throw SpateError(.invalidArgument, "out must not be NULL") }
        let snapshot = box.job.metrics
        for (index, op) in snapshot.operators.prefix(Int(max(capacity, 0))).enumerated() {
            out?[index] = spate_operator_metrics(
                node: Int32(op.node), subtask: Int32(op.subtask), chain_head: Int32(op.chainHead), reserved: 0,
                records_in: op.recordsIn, records_out: op.recordsOut, input_watermark: op.inputWatermark,
                output_watermark: op.outputWatermark, busy_ns: op.busyNanos, idle_ns: op.idleNanos,
                back_pressured_ns: op.backPressuredNanos)
        }
        count.pointee = Int32(snapshot.operators.count)
        completedCheckpoints?.pointee = snapshot.completedCheckpoints
        failedCheckpoints?.pointee = snapshot.failedCheckpoints
    }
}
