import CSpate
import SpateCore

/// Installs the embedding host's services (object ownership, printing) for the runtime.
@_cdecl("spate_set_host")
public func spate_set_host(_ host: UnsafePointer<spate_host>?) -> spate_status {
    withStatus { () throws(SpateError) in
        guard let host = host?.pointee else { throw SpateError(.invalidArgument, "host must not be NULL") }
        let context = UnsafeSendable(host.context)
        let release = host.release_objects
        let retain = host.retain_objects
        let format = host.format_objects
        let write = host.write_stdout
        HostServices.install(HostServices(
            releaseObjects: { handles in
                handles.withUnsafeBufferPointer { release?(context.value, $0.baseAddress, Int64($0.count)) }
            },
            retainObjects: { handles in
                handles.withUnsafeBufferPointer { retain?(context.value, $0.baseAddress, Int64($0.count)) }
            },
            formatObjects: { handles throws(SpateError) in
                guard let format else { return handles.map { "object#\($0)" } }
                let strings = ColumnBuilder(column: StringColumn())
                let status = handles.withUnsafeBufferPointer {
                    format(context.value, $0.baseAddress, Int64($0.count), strings.unretainedHandle)
                }
                guard status == 0, let column = strings.column as? StringColumn, column.count == handles.count else {
                    throw SpateError(.callbackFailed, "formatting objects for printing failed")
                }
                return (0..<column.count).map { column[$0] }
            },
            writeStdout: { text throws(SpateError) in
                guard let write else { return }
                var text = text
                let status = text.withUTF8 { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { write(context.value, $0.baseAddress, Int64($0.count)) }
                }
                guard status == 0 else { throw SpateError(.callbackFailed, "writing to standard output failed") }
            }))
    }
}

/// A host pointer the host promises is usable from any thread.
// @unchecked: the C host documents its context as callable from any thread (spate.h, spate_host).
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
