import Testing
import WebRTC

/// The bounded holding queue for datagrams that beat their layer (libdatachannel's rule:
/// buffered, not dropped; bounded so a flood cannot grow memory).
@Suite struct PendingDatagramQueueTests {
    let start = ContinuousClock.now

    func hold(_ queue: inout PendingDatagramQueue, _ bytes: [UInt8], _ layer: PendingDatagramQueue.Layer,
              at offset: Duration = .zero) -> Bool {
        bytes.withUnsafeBytes { queue.hold($0, for: layer, now: start + offset) }
    }

    @Test("each layer gets its own datagrams back, in arrival order, and only once")
    func perLayerOrder() {
        var queue = PendingDatagramQueue()
        #expect(hold(&queue, [22, 1], .dtls))
        #expect(hold(&queue, [128, 1], .srtp))
        #expect(hold(&queue, [22, 2], .dtls))
        #expect(hold(&queue, [128, 2], .srtp))
        let dtls = queue.take(.dtls, now: start)
        #expect(dtls.datagrams == [[22, 1], [22, 2]] && dtls.expired == 0)
        #expect(queue.count == 2)
        #expect(queue.take(.srtp, now: start).datagrams == [[128, 1], [128, 2]])
        #expect(queue.take(.srtp, now: start).datagrams.isEmpty)
        #expect(queue.count == 0)
    }

    @Test("bounds", arguments: [
        // (count limit, byte limit, datagram size, datagrams offered, expected held)
        (3, 10_000, 100, 5, 3),
        (100, 1_000, 300, 5, 3),
        (100, 1_000, 1_001, 1, 0),
    ])
    func bounds(maximumCount: Int, maximumBytes: Int, size: Int, offered: Int, expected: Int) {
        var queue = PendingDatagramQueue(limits: .init(maximumCount: maximumCount, maximumBytes: maximumBytes,
                                                       maximumAge: .seconds(1)))
        let accepted = (0..<offered).filter { _ in hold(&queue, [UInt8](repeating: 128, count: size), .srtp) }.count
        #expect(accepted == expected)
        #expect(queue.count == expected)
        // Taking frees the room again.
        _ = queue.take(.srtp, now: start)
        #expect(hold(&queue, [128], .srtp))
    }

    @Test("datagrams older than maximumAge are discarded on take and reported as expired")
    func expiry() {
        var queue = PendingDatagramQueue(limits: .init(maximumCount: 10, maximumBytes: 10_000, maximumAge: .milliseconds(500)))
        #expect(hold(&queue, [22, 1], .dtls, at: .zero))
        #expect(hold(&queue, [22, 2], .dtls, at: .milliseconds(400)))
        let taken = queue.take(.dtls, now: start + .milliseconds(600))
        #expect(taken.datagrams == [[22, 2]])
        #expect(taken.expired == 1)
    }

    @Test("removeAll forgets everything and frees the byte budget")
    func removeAll() {
        var queue = PendingDatagramQueue(limits: .init(maximumCount: 10, maximumBytes: 4, maximumAge: .seconds(1)))
        #expect(hold(&queue, [1, 2, 3, 4], .dtls))
        #expect(!hold(&queue, [1], .dtls))
        queue.removeAll()
        #expect(queue.count == 0)
        #expect(hold(&queue, [1, 2, 3, 4], .dtls))
    }
}
