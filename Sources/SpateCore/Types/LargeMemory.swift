#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
#if os(Linux)
import CPlatform
#endif

/// Memory for large buffers (window state of millions of slots, say): each its own anonymous
/// mapping, so that growing it moves page-table entries instead of copying bytes (`mremap`), and
/// asked for as huge pages, so that filling it takes one page fault per 2 MiB instead of per 4 KiB.
/// Small buffers stay with the allocator, which packs them and reuses freed ones.
enum LargeMemory {
    /// Buffers of at least this many bytes are mapped on their own.
    static let threshold = 2 << 20

    private static let pageSize: Int = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// The length of the mapping that holds `bytes`.
    @inline(__always)
    static func mappedLength(_ bytes: Int) -> Int { (bytes + pageSize - 1) & ~(pageSize - 1) }

    /// A new mapping of at least `bytes` (zero-filled, page-aligned).
    static func allocate(_ bytes: Int) -> UnsafeMutableRawPointer {
        let length = mappedLength(bytes)
        let address = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let address, address != MAP_FAILED else { outOfMemory(length) }
        adviseHugePages(address, length)
        return address
    }

    /// The mapping at `address` grown from `oldBytes` to `newBytes`, possibly moved, its contents kept.
    static func grow(_ address: UnsafeMutableRawPointer, from oldBytes: Int, to newBytes: Int) -> UnsafeMutableRawPointer {
        #if os(Linux)
        let newLength = mappedLength(newBytes)
        guard let moved = spate_remap(address, mappedLength(oldBytes), newLength), moved != MAP_FAILED else {
            outOfMemory(newLength)
        }
        adviseHugePages(moved, newLength)
        return moved
        #else
        let moved = allocate(newBytes)
        moved.copyMemory(from: address, byteCount: oldBytes)
        free(address, bytes: oldBytes)
        return moved
        #endif
    }

    static func free(_ address: UnsafeMutableRawPointer, bytes: Int) {
        munmap(address, mappedLength(bytes))
    }

    private static func adviseHugePages(_ address: UnsafeMutableRawPointer, _ length: Int) {
        #if os(Linux)
        _ = madvise(address, length, MADV_HUGEPAGE)  // a hint: where huge pages are off, nothing changes
        #endif
    }

    /// Out of memory, as the Swift allocator treats it for every other buffer: the process stops,
    /// saying how much was asked for (there is no state to recover to).
    private static func outOfMemory(_ length: Int) -> Never {
        fatalError("out of memory: could not map \(length) bytes")
    }
}
