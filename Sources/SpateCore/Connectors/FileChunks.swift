#if canImport(Glibc)
import Glibc
#endif

/// One file read 64 KiB at a time, as the file sources read them, with errors naming the file.
///
/// ```swift
/// let file = try FileChunks(opening: "/data/in.csv", source: "filesystem source")
/// while let bytes = try file.next() { splitter.append(bytes) }  // nil at the end: the file is closed
/// ```
final class FileChunks {
    let path: String
    private let source: String
    private var handle: UnsafeMutablePointer<FILE>?
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)

    init(opening path: String, source: String) throws(SpateError) {
        guard let opened = fopen(path, "rb") else {
            let code = errno
            throw SpateError(.runtime, "\(source): cannot open \(path): \(systemError(code))")
        }
        self.path = path
        self.source = source
        handle = opened
    }

    deinit { if let handle { fclose(handle) } }

    /// The next bytes read (valid until the next call), or nil at the end of the file, which is
    /// closed then.
    func next() throws(SpateError) -> UnsafeBufferPointer<UInt8>? {
        guard let handle else { return nil }
        let read = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
        if read > 0 { return chunk.withUnsafeBufferPointer { UnsafeBufferPointer(rebasing: $0[0..<read]) } }
        if ferror(handle) != 0 {
            let code = errno
            throw SpateError(.runtime, "\(source): reading \(path) failed: \(systemError(code))")
        }
        fclose(handle)
        self.handle = nil
        return nil
    }
}
