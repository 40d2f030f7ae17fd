/// A growable buffer of plain values with a stable address, 64-byte aligned as Arrow recommends.
///
/// Columns own their buffers (and free them in `deinit`); the address is handed to C as an Arrow
/// buffer without copying, which a Swift `Array` does not allow outside a closure.
public struct Buffer<Element: BitwiseCopyable>: BitwiseCopyable {
    public private(set) var base: UnsafeMutablePointer<Element>?
    public private(set) var count = 0
    public private(set) var capacity = 0

    public init() {}

    public init(capacity: Int) { reserve(capacity) }

    public mutating func reserve(_ minimum: Int) {
        guard minimum > capacity else { return }
        let newCapacity = Swift.max(minimum, capacity * 2, 16)
        let stride = MemoryLayout<Element>.stride
        let oldBytes = capacity * stride, newBytes = newCapacity * stride
        let raw: UnsafeMutableRawPointer
        if let base, oldBytes >= LargeMemory.threshold {
            raw = LargeMemory.grow(UnsafeMutableRawPointer(base), from: oldBytes, to: newBytes)
        } else {
            raw = newBytes >= LargeMemory.threshold
                ? LargeMemory.allocate(newBytes) : UnsafeMutableRawPointer.allocate(byteCount: newBytes, alignment: 64)
            if let base, count > 0 { raw.copyMemory(from: base, byteCount: count * stride) }
            release()
        }
        base = raw.bindMemory(to: Element.self, capacity: newCapacity)
        capacity = newCapacity
    }

    /// Gives the memory back to where `reserve` took it from (the rule: by its size in bytes).
    private func release() {
        guard let base else { return }
        let bytes = capacity * MemoryLayout<Element>.stride
        if bytes >= LargeMemory.threshold {
            LargeMemory.free(UnsafeMutableRawPointer(base), bytes: bytes)
        } else {
            base.deallocate()
        }
    }

    @inline(__always)
    public mutating func append(_ value: Element) {
        if count == capacity { reserve(count + 1) }
        base.unsafelyUnwrapped[count] = value
        count += 1
    }

    public mutating func append(contentsOf values: UnsafeBufferPointer<Element>) {
        guard values.count > 0 else { return }
        reserve(count + values.count)
        (base.unsafelyUnwrapped + count).update(from: values.baseAddress!, count: values.count)
        count += values.count
    }

    /// Grows the buffer by `n` uninitialized-but-writable elements and returns where they start.
    public mutating func extend(by n: Int) -> UnsafeMutablePointer<Element> {
        // At least one element: an empty buffer has no memory yet, and callers take a pointer even
        // for no elements (gathering no rows).
        reserve(Swift.max(count + n, 1))
        defer { count += n }
        return base.unsafelyUnwrapped + count
    }

    /// Grows the buffer to `n` elements, the new ones set to `value` (no-op if already that long).
    public mutating func grow(to n: Int, filling value: Element) {
        let added = n - count  // taken once: `extend` moves `count`
        guard added > 0 else { return }
        extend(by: added).initialize(repeating: value, count: added)
    }

    @inline(__always)
    public subscript(index: Int) -> Element {
        get { base.unsafelyUnwrapped[index] }
        nonmutating set { base.unsafelyUnwrapped[index] = newValue }
    }

    public var elements: UnsafeMutableBufferPointer<Element> {
        UnsafeMutableBufferPointer(start: base, count: count)
    }

    public mutating func removeAll() { count = 0 }

    /// Drops the elements from `newCount` on.
    public mutating func truncate(to newCount: Int) { count = Swift.min(count, newCount) }

    /// Frees the memory; the owner calls this exactly once, in its `deinit`.
    public mutating func free() {
        release()
        base = nil
        count = 0
        capacity = 0
    }
}
