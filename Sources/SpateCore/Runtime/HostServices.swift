import Synchronization

/// What the embedding host (the Python extension) does for the runtime: owning object handles and
/// writing to its standard output. Installed once; the defaults suit pure Swift use.
public final class HostServices: Sendable {
    public static var shared: HostServices { current.withLock { $0 } }
    private static let current = Mutex(HostServices())

    public let releaseObjects: @Sendable ([UInt64]) -> Void
    public let retainObjects: @Sendable ([UInt64]) -> Void
    /// Turns object handles into their printed form (Python's `str()`).
    public let formatObjects: @Sendable ([UInt64]) throws(SpateError) -> [String]
    public let writeStdout: @Sendable (String) throws(SpateError) -> Void

    public init(
        releaseObjects: @escaping @Sendable ([UInt64]) -> Void = { _ in },
        retainObjects: @escaping @Sendable ([UInt64]) -> Void = { _ in },
        formatObjects: @escaping @Sendable ([UInt64]) throws(SpateError) -> [String] = { $0.map { "object#\($0)" } },
        writeStdout: @escaping @Sendable (String) throws(SpateError) -> Void = HostServices.writeToStandardOutput
    ) {
        self.releaseObjects = releaseObjects
        self.retainObjects = retainObjects
        self.formatObjects = formatObjects
        self.writeStdout = writeStdout
    }

    /// The default `writeStdout`: file descriptor 1.
    public static let writeToStandardOutput: @Sendable (String) throws(SpateError) -> Void = { text in
        var text = text
        text.withUTF8 { bytes in _ = writeAll(fd: 1, bytes) }
    }

    public static func install(_ services: HostServices) { current.withLock { $0 = services } }

    /// Releases the objects among `handles`; 0 marks an empty slot and is skipped.
    public func releaseLive(_ handles: UnsafeMutableBufferPointer<UInt64>) {
        let live = handles.filter { $0 != 0 }
        if !live.isEmpty { releaseObjects(live) }
    }

    /// Takes a reference on the objects among `handles`; 0 marks an empty slot and is skipped.
    public func retainLive(_ handles: UnsafeMutableBufferPointer<UInt64>) {
        let live = handles.filter { $0 != 0 }
        if !live.isEmpty { retainObjects(live) }
    }
}
