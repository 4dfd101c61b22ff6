import DTLS
import SRTP
import Testing

@Suite("SRTP session keyed by DTLS")
struct SRTPSessionTests {
    static let profiles = DTLSSRTPProtectionProfile.allCases

    /// Bytes SRTP adds to RTP: the auth tag (RFC 3711 §4.2, RFC 7714 §5).
    static func rtpOverhead(_ profile: DTLSSRTPProtectionProfile) -> Int { profile == .aeadAES128GCM ? 16 : 10 }

    @Test("RFC 3711: RTP protected by the DTLS client is recovered by the server, and the reverse",
          arguments: profiles)
    func rtpRoundTrip(profile: DTLSSRTPProtectionProfile) throws {
        let sessions = try DTLSKeyedSessions(profile: profile)
        for (sender, receiver) in [(sessions.client, sessions.server), (sessions.server, sessions.client)] {
            for sequence in UInt16(1)...20 {
                let plain = TestPackets.rtp(ssrc: 0xCAFE_0001, sequence: sequence)
                let protected = try sender.protectRTP(plain)
                #expect(protected.count == plain.count + Self.rtpOverhead(profile))
                #expect(protected.prefix(12) == plain.prefix(12), "the header stays in clear")
                #expect(protected[12..<plain.count] != plain[12...], "the payload is encrypted")
                #expect(try receiver.unprotectRTP(protected) == plain)
            }
        }
    }

    @Test("RFC 3711 §3.4: RTCP round trips both ways with the SRTCP index and tag appended",
          arguments: profiles)
    func rtcpRoundTrip(profile: DTLSSRTPProtectionProfile) throws {
        let sessions = try DTLSKeyedSessions(profile: profile)
        for (sender, receiver) in [(sessions.client, sessions.server), (sessions.server, sessions.client)] {
            for _ in 0..<5 {
                let plain = TestPackets.rtcpReceiverReport(ssrc: 0xBEEF_0002)
                let protected = try sender.protectRTCP(plain)
                #expect(protected.count == plain.count + 4 + Self.rtpOverhead(profile))
                #expect(try receiver.unprotectRTCP(protected) == plain)
            }
        }
    }

    @Test("RFC 3711 §3.3.2: a replayed SRTP packet is rejected", arguments: profiles)
    func replayRejected(profile: DTLSSRTPProtectionProfile) throws {
        let sessions = try DTLSKeyedSessions(profile: profile)
        let protected = try sessions.client.protectRTP(TestPackets.rtp(ssrc: 7, sequence: 100))
        _ = try sessions.server.unprotectRTP(protected)
        #expect(throws: SRTPError.rfc3711ReplayedPacket) { try sessions.server.unprotectRTP(protected) }

        let rtcp = try sessions.client.protectRTCP(TestPackets.rtcpReceiverReport(ssrc: 7))
        _ = try sessions.server.unprotectRTCP(rtcp)
        #expect(throws: SRTPError.rfc3711ReplayedPacket) { try sessions.server.unprotectRTCP(rtcp) }
    }

    @Test("RFC 3711 §3.3.2: late packets inside the window pass, older ones are refused")
    func replayWindow() throws {
        let sessions = try DTLSKeyedSessions(profile: .aes128CMHMACSHA1_80, replayWindow: 128)
        let packets = try (UInt16(1)...200).map { try sessions.client.protectRTP(TestPackets.rtp(ssrc: 9, sequence: $0)) }
        _ = try sessions.server.unprotectRTP(packets[199])
        _ = try sessions.server.unprotectRTP(packets[150])  // 49 behind: reordered, accepted
        #expect(throws: SRTPError.rfc3711OutsideReplayWindow) { try sessions.server.unprotectRTP(packets[0]) }
    }

    @Test("RFC 3711 §3.4: a packet altered in flight fails authentication", arguments: profiles)
    func tamperedRejected(profile: DTLSSRTPProtectionProfile) throws {
        let sessions = try DTLSKeyedSessions(profile: profile)
        var rtp = try sessions.client.protectRTP(TestPackets.rtp(ssrc: 11, sequence: 5))
        rtp[40] ^= 0x01
        #expect(throws: SRTPError.rfc3711AuthenticationFailed) { try sessions.server.unprotectRTP(rtp) }
        var header = try sessions.client.protectRTP(TestPackets.rtp(ssrc: 11, sequence: 6))
        header[1] ^= 0x01  // payload type is authenticated too
        #expect(throws: SRTPError.rfc3711AuthenticationFailed) { try sessions.server.unprotectRTP(header) }
        var rtcp = try sessions.client.protectRTCP(TestPackets.rtcpReceiverReport(ssrc: 11))
        rtcp[10] ^= 0x80
        #expect(throws: SRTPError.rfc3711AuthenticationFailed) { try sessions.server.unprotectRTCP(rtcp) }
        // The genuine packet still passes afterwards: a forgery does not poison the stream.
        let genuine = TestPackets.rtp(ssrc: 11, sequence: 7)
        #expect(try sessions.server.unprotectRTP(try sessions.client.protectRTP(genuine)) == genuine)
    }

    @Test("Keys from another DTLS association do not decrypt", arguments: profiles)
    func wrongKeyRejected(profile: DTLSSRTPProtectionProfile) throws {
        let ours = try DTLSKeyedSessions(profile: profile), theirs = try DTLSKeyedSessions(profile: profile)
        let protected = try ours.client.protectRTP(TestPackets.rtp(ssrc: 12, sequence: 1))
        #expect(throws: SRTPError.rfc3711AuthenticationFailed) { try theirs.server.unprotectRTP(protected) }
        // Our own send key is not the receive key either: the client cannot read its own packets.
        #expect(throws: SRTPError.rfc3711AuthenticationFailed) { try ours.client.unprotectRTP(protected) }
    }

    @Test("Streams are made on demand for many SSRCs in both directions", arguments: profiles)
    func manySSRCs(profile: DTLSSRTPProtectionProfile) throws {
        let sessions = try DTLSKeyedSessions(profile: profile)
        let ssrcs = (0..<300).map { UInt32(0x1000_0000) &+ UInt32($0) &* 7919 }
        for round in UInt16(0)..<3 {
            for ssrc in ssrcs {
                let plain = TestPackets.rtp(ssrc: ssrc, sequence: 1000 &+ round, payloadLength: 40)
                #expect(try sessions.server.unprotectRTP(try sessions.client.protectRTP(plain)) == plain)
            }
        }
        #expect(sessions.client.outboundStreamCount == ssrcs.count)
        sessions.client.removeOutboundStream(ssrc: ssrcs[0])
        #expect(sessions.client.outboundStreamCount == ssrcs.count - 1)
    }

    @Test("A NACK retransmission of the same packet can be protected again")
    func repeatedTransmissionAllowed() throws {
        let sessions = try DTLSKeyedSessions(profile: .aeadAES128GCM)
        let plain = TestPackets.rtp(ssrc: 13, sequence: 42)
        let first = try sessions.client.protectRTP(plain)
        #expect(try sessions.client.protectRTP(plain) == first)
    }

    @Test("Packets too short to carry an SSRC are refused, not read past their end", arguments: [
        [UInt8](), [0x80], [UInt8](repeating: 0x80, count: 11),
    ])
    func shortPackets(packet: [UInt8]) throws {
        let sessions = try DTLSKeyedSessions(profile: .aes128CMHMACSHA1_80)
        #expect(throws: SRTPError.malformedPacket(byteCount: packet.count)) { try sessions.client.protectRTP(packet) }
        #expect(throws: SRTPError.malformedPacket(byteCount: packet.count)) { try sessions.server.unprotectRTP(packet) }
        if packet.count < 8 {
            #expect(throws: SRTPError.malformedPacket(byteCount: packet.count)) { try sessions.client.protectRTCP(packet) }
        }
    }

    @Test("The into: variants reuse the caller's buffer")
    func bufferReuse() throws {
        let sessions = try DTLSKeyedSessions(profile: .aeadAES128GCM)
        var protected: [UInt8] = [], recovered: [UInt8] = []
        let first = TestPackets.rtp(ssrc: 14, sequence: 1, payloadLength: 1188)
        try sessions.client.protectRTP(first, into: &protected)
        try sessions.server.unprotectRTP(protected, into: &recovered)
        #expect(recovered == first)
        let capacity = (protected.capacity, recovered.capacity)
        for sequence in UInt16(2)...50 {
            let plain = TestPackets.rtp(ssrc: 14, sequence: sequence, payloadLength: 1188)
            try sessions.client.protectRTP(plain, into: &protected)
            try sessions.server.unprotectRTP(protected, into: &recovered)
            #expect(recovered == plain)
        }
        #expect(protected.capacity == capacity.0)
        #expect(recovered.capacity == capacity.1)
    }

    @Test("A receive buffer can be unprotected in place of an array, for RTP and RTCP")
    func rawBufferVariants() throws {
        let sessions = try DTLSKeyedSessions(profile: .aes128CMHMACSHA1_80)
        let rtp = TestPackets.rtp(ssrc: 15, sequence: 3), rtcp = TestPackets.rtcpReceiverReport(ssrc: 15)
        var protectedRTP: [UInt8] = [], protectedRTCP: [UInt8] = [], recovered: [UInt8] = []
        try rtp.withUnsafeBytes { try sessions.client.protectRTP($0, into: &protectedRTP) }
        try rtcp.withUnsafeBytes { try sessions.client.protectRTCP($0, into: &protectedRTCP) }
        try protectedRTP.withUnsafeBytes { try sessions.server.unprotectRTP($0, into: &recovered) }
        #expect(recovered == rtp)
        try protectedRTCP.withUnsafeBytes { try sessions.server.unprotectRTCP($0, into: &recovered) }
        #expect(recovered == rtcp)
    }
}
