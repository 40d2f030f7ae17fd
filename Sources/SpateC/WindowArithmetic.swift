import CSpate
import SpateCore

/// Flink's window arithmetic for the host (PyFlink's `TimeWindow.get_window_start_with_offset`
/// and the assigners written in Python), so it is written once, in `WindowAssigner`.
@_cdecl("spate_window_starts")
public func spate_window_starts(_ timestamp: Int64, _ size: Int64, _ slide: Int64, _ offset: Int64,
                                _ starts: UnsafeMutablePointer<Int64>?, _ capacity: Int32,
                                _ count: UnsafeMutablePointer<Int32>?) -> spate_status {
    withStatus { () throws(SpateError) in
        guard let count, capacity >= 0, capacity == 0 || starts != nil else {
            throw SpateError(.invalidArgument, "count must not be NULL and starts must hold capacity entries")
        }
        guard size > 0, slide > 0 else {
            throw SpateError(.invalidArgument, "a window's size and slide must be positive, got \(size) and \(slide) ms")
        }
        var found: Int32 = 0
        // The offset is not checked against the slide: Flink's arithmetic takes any offset.
        try WindowAssigner.sliding(size: size, slide: slide, offset: offset).forEachWindow(of: timestamp) { start in
            if found < capacity { starts![Int(found)] = start }
            found += 1
        }
        count.pointee = found
    }
}
