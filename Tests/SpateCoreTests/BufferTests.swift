import Testing
@testable import SpateCore

/// Buffers keep their contents as they grow, from the allocator's memory into a mapping of their
/// own (LargeMemory) and from mapping to larger mapping.
@Suite struct BufferTests {
    @Test func contentsSurviveGrowthPastTheLargeThresholdAndBeyond() {
        var buffer = Buffer<Int64>()
        let count = 3 * LargeMemory.threshold / MemoryLayout<Int64>.stride  // three mappings' growth
        for value in 0..<Int64(count) { buffer.append(value &* 7) }
        #expect(buffer.count == count)
        #expect(buffer.capacity * MemoryLayout<Int64>.stride >= LargeMemory.threshold)
        #expect((0..<count).allSatisfy { buffer[$0] == Int64($0) &* 7 })
        buffer.free()
        #expect(buffer.base == nil && buffer.count == 0 && buffer.capacity == 0)
    }

    @Test func aLargeBufferReservedAtOnceIsZeroFilledAndWritable() {
        var buffer = Buffer<UInt8>(capacity: LargeMemory.threshold + 1)
        let start = buffer.extend(by: LargeMemory.threshold + 1)
        #expect((0...LargeMemory.threshold).allSatisfy { start[$0] == 0 })  // a fresh mapping is zeroed
        start[LargeMemory.threshold] = 42
        buffer.reserve(4 * LargeMemory.threshold)  // mapping to mapping
        #expect(buffer[LargeMemory.threshold] == 42 && buffer.count == LargeMemory.threshold + 1)
        buffer.free()
    }

    @Test func smallBuffersStayWithTheAllocatorAndAre64ByteAligned() {
        var buffer = Buffer<Int32>(capacity: 100)
        #expect(Int(bitPattern: buffer.base) % 64 == 0)
        buffer.grow(to: 100, filling: -1)
        #expect(buffer.elements.allSatisfy { $0 == -1 })
        buffer.free()
    }
}
