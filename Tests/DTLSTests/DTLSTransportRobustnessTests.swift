import DTLS
import Foundation
import Testing
import TestSupport

@Suite("DTLS transport: hostile input")
struct DTLSTransportRobustnessTests {
    /// Random datagrams that look like DTLS (first byte 20–63), some with a DTLS 1.2 version.
    static func hostileDatagrams(seed: UInt64, count: Int) -> [[UInt8]] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            var datagram = (0..<Int.random(in: 0...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if !datagram.isEmpty { datagram[0] = UInt8.random(in: 20...63, using: &generator) }
            if datagram.count > 3, Bool.random(using: &generator) { datagram[1] = 254; datagram[2] = 253 }
            return datagram
        }
    }

    @Test("RFC 6347 §4.1.2.7: garbage records are discarded by a handshaking server, which still completes",
          arguments: [UInt64(1), 2, 3])
    func garbageWhileHandshaking(seed: UInt64) throws {
        var pair = try DTLSTransportPair()
        try pair.server.start()
        // Records that do not parse or authenticate are dropped by DTLS itself, without an alert.
        for datagram in Self.hostileDatagrams(seed: seed, count: 500) { try pair.server.receive(datagram) }
        #expect(pair.server.state == .handshaking)
        // Garbage was discarded, not fatal: a real client still gets through.
        _ = pair.toClient.take()
        try pair.client.start()
        pair.pump()
        #expect(pair.server.state == .connected)
    }

    @Test("Garbage after the handshake is discarded and the association survives", arguments: [UInt64(7), 8])
    func garbageWhileConnected(seed: UInt64) throws {
        var pair = try DTLSTransportPair()
        try pair.handshake()
        // Records that do not parse or authenticate are dropped by DTLS itself, without an alert.
        for datagram in Self.hostileDatagrams(seed: seed, count: 500) { try pair.server.receive(datagram) }
        #expect(pair.server.state == .connected)
        _ = pair.toClient.take()  // whatever the server answered to the garbage
        pair.client.close()
        pair.pump()
        #expect(pair.server.state == .closedByPeer)
    }

    @Test("RFC 6347 §4.2.4: an unanswered client gives up with a named error once OpenSSL's retries run out")
    func retransmissionLimit() throws {
        let impatient = DTLSTransportConfiguration(initialRetransmitTimeout: .milliseconds(15),
                                                   maximumRetransmitTimeout: .milliseconds(30))
        let pair = try DTLSTransportPair(clientConfiguration: impatient)
        try pair.client.start()
        var retransmissions = 0
        var outcome: DTLSTransportError?
        while outcome == nil, retransmissions < 100 {
            guard let wait = pair.client.nextTimeout else { break }
            Thread.sleep(forTimeInterval: Double(wait.components.attoseconds) / 1e18 + 0.001)
            do throws(DTLSTransportError) { try pair.client.handleTimeout() } catch { outcome = error }
            retransmissions += 1
        }
        #expect(outcome == .rfc6347RetransmissionLimitReached)
        #expect(pair.client.state == .failed(.rfc6347RetransmissionLimitReached))
        #expect(pair.toServer.sentCount > 5, "the ClientHello was retried before giving up")
        #expect(pair.client.nextTimeout == nil)
    }

    @Test("RFC 5763 §5: two clients (both answered a=setup:active) fail instead of hanging")
    func bothClients() throws {
        let a = DTLSTransportPair.clientCertificate, b = DTLSTransportPair.serverCertificate
        let toB = DatagramWire(), toA = DatagramWire()
        let first = try DTLSTransport(role: .client, certificate: a, remoteFingerprint: b.fingerprint) { toB.push($0) }
        let second = try DTLSTransport(role: .client, certificate: b, remoteFingerprint: a.fingerprint) { toA.push($0) }
        try first.start()
        try second.start()
        for datagram in toB.take() { _ = try? second.receive(datagram) }
        for datagram in toA.take() { _ = try? first.receive(datagram) }
        guard case .failed(.handshakeFailed) = first.state, case .failed(.handshakeFailed) = second.state else {
            Issue.record("states \(first.state), \(second.state)")
            return
        }
    }

    @Test("A flood before start() is refused past 64 KiB instead of growing memory")
    func holdLimit() throws {
        let pair = try DTLSTransportPair()
        let datagram = [UInt8](repeating: 22, count: 1000)
        for _ in 0..<65 { try pair.server.receive(datagram) }
        #expect(throws: DTLSTransportError.holdLimitBeforeStartReached(byteCount: 65_000)) {
            try pair.server.receive(datagram)
        }
        #expect(pair.server.state == .new)
    }
}
