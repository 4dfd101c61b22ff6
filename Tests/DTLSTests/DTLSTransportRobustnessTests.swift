import DTLS
import Testing

/// A small deterministic generator so a failing fuzz case can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("DTLS transport: hostile input")
struct DTLSTransportRobustnessTests {
    /// Random datagrams that look like DTLS (first byte 20–63), some with a DTLS 1.2 version.
    static func hostileDatagrams(seed: UInt64, count: Int) -> [[UInt8]] {
        var generator = SplitMix64(state: seed)
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
}
