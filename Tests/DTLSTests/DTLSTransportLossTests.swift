import DTLS
import Foundation
import Testing
import TestSupport

@Suite("DTLS transport: lossy and reordering links")
struct DTLSTransportLossTests {
    /// Pumps a pair over a link that drops `lossPercent` of datagrams (seeded) and optionally
    /// reverses each batch, driving both retransmission timers, until both sides connect.
    static func handshake(lossPercent: UInt64, reorder: Bool, seed: UInt64, mtu: Int = 1200) throws -> DTLSTransportPair {
        let fast = DTLSTransportConfiguration(mtu: mtu, initialRetransmitTimeout: .milliseconds(20),
                                              maximumRetransmitTimeout: .milliseconds(80))
        var pair = try DTLSTransportPair(clientConfiguration: fast, serverConfiguration: fast)
        var random = SeededGenerator(seed: seed)
        try pair.server.start()
        try pair.client.start()
        let deadline = Date().addingTimeInterval(20)
        while pair.client.state != .connected || pair.server.state != .connected, Date() < deadline {
            var towardsServer = pair.toServer.take(), towardsClient = pair.toClient.take()
            if towardsServer.isEmpty && towardsClient.isEmpty {
                // Quiet link: wait for the earlier timer and let both sides retransmit.
                let waits = [pair.client.nextTimeout, pair.server.nextTimeout].compactMap { $0 }
                guard let wait = waits.min() else { break }
                Thread.sleep(forTimeInterval: Double(wait.components.attoseconds) / 1e18 + 0.002)
                try pair.client.handleTimeout()
                try pair.server.handleTimeout()
                continue
            }
            if reorder { towardsServer.reverse(); towardsClient.reverse() }
            for datagram in towardsServer where random.next() % 100 >= lossPercent { try pair.server.receive(datagram) }
            for datagram in towardsClient where random.next() % 100 >= lossPercent { try pair.client.receive(datagram) }
        }
        return pair
    }

    @Test("RFC 6347 §4.2.4: the handshake completes through heavy loss when timers are driven",
          arguments: [(UInt64(20), UInt64(11)), (30, 12), (40, 13)])
    func completesThroughLoss(lossPercent: UInt64, seed: UInt64) throws {
        let pair = try Self.handshake(lossPercent: lossPercent, reorder: false, seed: seed)
        #expect(pair.client.state == .connected)
        #expect(pair.server.state == .connected)
        let keys = try pair.client.exportKeyingMaterial(length: 56)
        #expect(try pair.server.exportKeyingMaterial(length: 56) == keys)
    }

    @Test("RFC 6347 §4.2.2–4.2.3: flights and fragments arriving in reverse order are reassembled",
          arguments: [300, 1200])
    func completesWithReordering(mtu: Int) throws {
        // At 300 bytes the certificate message itself is split into fragments (RFC 6347 §4.2.3).
        let pair = try Self.handshake(lossPercent: 0, reorder: true, seed: 1, mtu: mtu)
        #expect(pair.toClient.largestDatagram <= mtu)
        #expect(pair.client.state == .connected)
        #expect(pair.server.state == .connected)
    }
}
