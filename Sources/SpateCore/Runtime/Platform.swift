#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the system call that just failed says, in the OS's words: "Not a directory (errno 20)".
/// Read `errno` first thing: building strings may change it.
public func systemError(_ code: Int32) -> String {
    // strerror's text for a known code is static in glibc; only unknown codes share a buffer.
    "\(String(cString: strerror(code))) (errno \(code))"
}

/// Milliseconds on the monotonic clock (for timeouts and runtimes).
public func monotonicMillis() -> Int64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
}

/// Nanoseconds on the monotonic clock (for measuring how long calls take).
public func monotonicNanos() -> Int64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
}

/// Milliseconds since the Unix epoch (processing time).
public func wallClockMillis() -> Int64 {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
}

/// Writes every byte to a file descriptor, retrying short writes. Returns false on failure.
@discardableResult
func writeAll(fd: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0 {
            if errno == EINTR { continue }
            return false
        }
        offset += written
    }
    return true
}

/// A mutex with condition variables (one unless asked for more): the building block of channels and
/// job status. (The standard library's `Mutex` has no way to wait for a condition.)
// @unchecked: pthread mutex and conditions, made to be shared between threads; the pointers
// never change after init.
final class Monitor: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let conditions: UnsafeMutablePointer<pthread_cond_t>
    private let conditionCount: Int

    init(conditions: Int = 1) {
        conditionCount = max(1, conditions)
        self.conditions = .allocate(capacity: conditionCount)
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        for index in 0..<conditionCount { pthread_cond_init(self.conditions + index, &attributes) }
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        for index in 0..<conditionCount { pthread_cond_destroy(conditions + index) }
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        conditions.deallocate()
    }

    @inline(__always)
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Waits (with the lock held) on condition `condition` until signalled or until `deadline`
    /// (monotonic ms) passes. Returns false on timeout.
    @discardableResult
    func wait(on condition: Int = 0, until deadline: Int64? = nil) -> Bool {
        guard let deadline else {
            pthread_cond_wait(conditions + condition, mutex)
            return true
        }
        var spec = timespec(tv_sec: Int(deadline / 1000), tv_nsec: Int((deadline % 1000) * 1_000_000))
        return pthread_cond_timedwait(conditions + condition, mutex, &spec) != ETIMEDOUT
    }

    /// Wakes every thread waiting on `condition`.
    func broadcast(_ condition: Int = 0) { pthread_cond_broadcast(conditions + condition) }

    /// Wakes one thread waiting on `condition`.
    func signal(_ condition: Int) { pthread_cond_signal(conditions + condition) }
}

/// A thread Spate owns (never Swift's cooperative pool, so hosts can call into their interpreter).
final class OwnedThread {
    private var thread = pthread_t()

    init(name: String, _ body: @escaping () -> Void) throws(SpateError) {
        let box = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, 8 << 20)
        let result = pthread_create(&thread, &attributes, { raw in
            let body = Unmanaged<ThreadBody>.fromOpaque(raw!).takeRetainedValue()
            body.run()
            return nil
        }, box)
        pthread_attr_destroy(&attributes)
        guard result == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(box).release()
            throw SpateError(.runtime, "could not start thread \(name): error \(result)")
        }
    }

    func join() { pthread_join(thread, nil) }

    /// The thread's pthread_t, as a host's thread id (CPython's `threading.get_ident()`).
    var id: UInt64 { UInt64(thread) }
}

private final class ThreadBody {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}
