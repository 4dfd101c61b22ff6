import DTLS
import SRTP
import Testing

@Suite("SRTP session: rollover, concurrency and hostile input")
struct SRTPSessionRobustnessTests {
    @Test("RFC 3711 §3.3.1: the rollover counter follows the sequence number through 65535 → 0",
          arguments: DTLSSRTPProtectionProfile.allCases)
    func sequenceRollover(profile: DTLSSRTPProtectionProfile) throws {
        let sessions = try DTLSKeyedSessions(profile: profile)
        for step in 0..<40 {
            let plain = TestPackets.rtp(ssrc: 21, sequence: UInt16(65520) &+ UInt16(step))
            #expect(try sessions.server.unprotectRTP(try sessions.client.protectRTP(plain)) == plain, "step \(step)")
        }
    }

    @Test("Random bytes in the SRTP range never unprotect and never crash")
    func randomPackets() throws {
        let sessions = try DTLSKeyedSessions(profile: .aes128CMHMACSHA1_80)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            var packet = (0..<Int.random(in: 0...400, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if !packet.isEmpty { packet[0] = 0x80 | (packet[0] & 0x3F) }
            #expect(throws: SRTPError.self) { try sessions.server.unprotectRTP(packet) }
            #expect(throws: SRTPError.self) { try sessions.server.unprotectRTCP(packet) }
        }
    }

    @Test("Threads protecting different SSRCs at once produce packets that all unprotect")
    func concurrentProtect() async throws {
        let sessions = try DTLSKeyedSessions(profile: .aeadAES128GCM)
        let sender = sessions.client
        let protected = try await withThrowingTaskGroup(of: [[UInt8]].self) { group in
            for thread in 0..<4 {
                group.addTask {
                    try (UInt16(1)...300).map { try sender.protectRTP(TestPackets.rtp(ssrc: 0x5000 + UInt32(thread), sequence: $0)) }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(protected.count == 1200)
        for packet in protected { _ = try sessions.server.unprotectRTP(packet) }
        #expect(sender.outboundStreamCount == 4)
    }

    @Test("A packet larger than any UDP payload is refused with a typed error")
    func oversizePacket() throws {
        let sessions = try DTLSKeyedSessions(profile: .aeadAES128GCM)
        let huge = TestPackets.rtp(ssrc: 1, sequence: 1, payloadLength: 70_000)
        #expect(throws: SRTPError.malformedPacket(byteCount: huge.count)) { try sessions.client.protectRTP(huge) }
        #expect(throws: SRTPError.malformedPacket(byteCount: huge.count)) { try sessions.server.unprotectRTCP(huge) }
    }
}
