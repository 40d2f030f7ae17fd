import Testing
@testable import SpateCore

/// Channels: blocked senders resume once the receiver drains; sends without a wake-up are delivered
/// as any others.
@Suite struct ChannelTests {
    @Test func itemsSentWithoutAWakeUpArriveInOrder() {
        let channel = Channel<Int>(capacity: 8)
        #expect(channel.send(1, wake: false))
        #expect(channel.send(contentsOf: [2, 3], wake: false))
        channel.wake()
        #expect(channel.send(4))
        var received: [Int] = []
        while case .item(let item) = channel.receive(until: 0) { received.append(item) }
        #expect(received == [1, 2, 3, 4])
        channel.wake()  // nothing there, nobody waiting: nothing happens
    }

    @Test func aBlockedSenderResumesWhenTheReceiverDrains() throws {
        let channel = Channel<Int>(capacity: 4)
        let sent = 1000
        let sender = try OwnedThread(name: "sender") {
            for item in 0..<sent { _ = channel.send(item, wake: item % 3 == 0) }
            channel.wake()
        }
        var received: [Int] = []
        while received.count < sent {
            if case .item(let item) = channel.receive(until: monotonicMillis() + 50) { received.append(item) }
        }
        sender.join()
        #expect(received == Array(0..<sent))
    }

    @Test func closingWakesABlockedSender() throws {
        let channel = Channel<Int>(capacity: 1)
        #expect(channel.send(0))
        let refused = Shared(false)
        let sender = try OwnedThread(name: "sender") { refused.withLock { $0 = !channel.send(1) } }
        channel.close()
        sender.join()
        #expect(refused.withLock { $0 })
    }
}
