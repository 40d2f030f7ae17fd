import CSpate
import SpateCore
#if canImport(Glibc)
import Glibc
#endif

/// The last error message of each thread, fetched by `spate_last_error()`.
enum LastError {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { raw in free(raw) }
        return key
    }()

    static func set(_ message: String) {
        free(pthread_getspecific(key))
        pthread_setspecific(key, strdup(message))
    }

    static func clear() {
        free(pthread_getspecific(key))
        pthread_setspecific(key, nil)
    }

    static var current: UnsafePointer<CChar> {
        if let raw = pthread_getspecific(key) { return UnsafePointer(raw.assumingMemoryBound(to: CChar.self)) }
        return emptyText
    }

    /// "" in read-only memory: no allocation, nothing to share mutably.
    private static var emptyText: UnsafePointer<CChar> {
        UnsafeRawPointer(("" as StaticString).utf8Start).assumingMemoryBound(to: CChar.self)
    }
}

/// Runs `body`, turning a thrown `SpateError` into a status and the thread's last error. Nothing
/// thrown ever crosses the C boundary.
@inline(__always)
func withStatus(_ body: () throws(SpateError) -> Void) -> spate_status {
    do {
        try body()
        return SPATE_OK
    } catch {
        LastError.set(error.message)
        return status(of: error.kind)
    }
}

func status(of kind: SpateError.Kind) -> spate_status {
    switch kind {
    case .callbackFailed: return SPATE_CALLBACK_FAILED
    case .cancelled: return SPATE_CANCELLED
    default: return SPATE_ERROR
    }
}

/// A non-null C string argument as a Swift string.
func string(_ pointer: UnsafePointer<CChar>?, _ what: String) throws(SpateError) -> String {
    guard let pointer else { throw SpateError(.invalidArgument, "\(what) must not be NULL") }
    return String(cString: pointer)
}

/// The object behind an opaque handle made by `Unmanaged.passRetained`.
@inline(__always)
func object<T: AnyObject>(_ pointer: OpaquePointer?, as type: T.Type) -> T? {
    guard let pointer else { return nil }
    return Unmanaged<T>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
}

func handle<T: AnyObject>(retaining value: T) -> OpaquePointer {
    OpaquePointer(Unmanaged.passRetained(value).toOpaque())
}

func release<T: AnyObject>(_ pointer: OpaquePointer?, as type: T.Type) {
    guard let pointer else { return }
    Unmanaged<T>.fromOpaque(UnsafeRawPointer(pointer)).release()
}

@_cdecl("spate_abi_version")
public func spate_abi_version() -> Int32 { SPATE_ABI_VERSION }

@_cdecl("spate_last_error")
public func spate_last_error() -> UnsafePointer<CChar> { LastError.current }

@_cdecl("spate_string_free")
public func spate_string_free(_ text: UnsafeMutablePointer<CChar>?) { free(text) }
