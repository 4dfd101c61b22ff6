import DTLS
import Foundation
import SRTP
import Testing

/// Interop with aiortc's DTLS-SRTP transport (pyOpenSSL + pylibsrtp, key split written by
/// other people) over loopback UDP, with no ICE and no STUN.
///
/// Needs `scripts/bootstrap` to have made `.venv` with aiortc; skipped otherwise.
@Suite("DTLS-SRTP interop with aiortc", .enabled(if: AiortcPeer.python != nil, "run scripts/bootstrap to make .venv with aiortc"))
struct AiortcDTLSSRTPInteropTests {
    @Test("Handshake with aiortc in either role, SRTP and SRTCP accepted both ways, close_notify seen",
          arguments: DTLSRole.allCases)
    func interop(ourRole: DTLSRole) throws {
        let peer = try AiortcPeer(role: ourRole == .client ? "server" : "client")
        defer { peer.stop() }
        let hello = try peer.readLine()
        let peerPort = try #require(hello["port"] as? Int)
        let peerFingerprint = try DTLSFingerprint(sdpValue: try #require(hello["fingerprint"] as? String))

        let socket = try LoopbackUDPSocket()
        let certificate = try DTLSCertificate.generate()
        let port = UInt16(peerPort)
        let transport = try DTLSTransport(role: ourRole, certificate: certificate, remoteFingerprint: peerFingerprint) {
            socket.send($0, toPort: port)
        }
        try peer.writeLine(["port": Int(socket.port), "fingerprint": certificate.fingerprint.sdpValue])

        // Drive the handshake: DTLS datagrams in, the retransmission timer when it is due.
        var media: [[UInt8]] = []
        try transport.start()
        let deadline = Date().addingTimeInterval(10)
        while transport.state != .connected, !transport.state.isFinished, Date() < deadline {
            let wait = transport.nextTimeout.map { Int32(min($0 / .milliseconds(1), 100)) } ?? 100
            guard let datagram = socket.receive(timeoutMilliseconds: max(wait, 1)) else {
                try transport.handleTimeout()
                continue
            }
            if (20...63).contains(datagram[0]) { try transport.receive(datagram) } else { media.append(datagram) }
        }
        #expect(transport.state == .connected)
        let result = try peer.readLine()
        #expect(result["state"] as? String == "connected")
        let profile = try #require(transport.srtpProfile)
        #expect(result["profile"] as? String == ["SRTP_AES128_CM_SHA1_80", "SRTP_AEAD_AES_128_GCM"][profile == .aes128CMHMACSHA1_80 ? 0 : 1])

        // Our SRTP to aiortc.
        let srtpProfile = try #require(SRTPProtectionProfile(rawValue: profile.rawValue))
        let session = try SRTPSession(keyingMaterial: SRTPKeyingMaterial(
            exporter: transport, profile: srtpProfile, role: ourRole == .client ? .dtlsClient : .dtlsServer))
        let ourRTP: [UInt8] = [0x80, 111, 0, 9, 0, 0, 3, 0xE8, 0x50, 0xEE, 0xCA, 0x01] + Array("PeerCam RTP".utf8)
        let ourRTCP: [UInt8] = [0x81, 201, 0, 7, 0x50, 0xEE, 0xCA, 0x01] + [UInt8](repeating: 0, count: 24)
        socket.send(try session.protectRTP(ourRTP), toPort: port)
        socket.send(try session.protectRTCP(ourRTCP), toPort: port)

        // aiortc's SRTP to us.
        while media.count < 2, let datagram = socket.receive(timeoutMilliseconds: 3000) { media.append(datagram) }
        var recoveredRTP: [UInt8]?, recoveredRTCP: [UInt8]?
        for datagram in media {
            if (192...223).contains(datagram[1]) { recoveredRTCP = try session.unprotectRTCP(datagram) }
            else { recoveredRTP = try session.unprotectRTP(datagram) }
        }
        #expect(recoveredRTP.map(Self.hex) == result["sent_rtp"] as? String)
        #expect(recoveredRTCP.map(Self.hex) == result["sent_rtcp"] as? String)

        let received = try peer.readLine()
        #expect(received["received_rtp"] as? String == Self.hex(ourRTP))
        #expect(received["received_rtcp"] as? String == Self.hex(ourRTCP))

        transport.close()
        let closed = try peer.readLine()
        #expect(closed["closed_by_peer"] as? Bool == true)
    }

    @Test("RFC 8122 §6.2: a certificate that does not match aiortc's fingerprint fails both ends cleanly",
          arguments: DTLSRole.allCases)
    func fingerprintMismatch(ourRole: DTLSRole) throws {
        let peer = try AiortcPeer(role: ourRole == .client ? "server" : "client")
        defer { peer.stop() }
        let hello = try peer.readLine()
        let port = UInt16(try #require(hello["port"] as? Int))
        let genuine = try DTLSFingerprint(sdpValue: try #require(hello["fingerprint"] as? String))
        let forged = try DTLSFingerprint(algorithm: "sha-256", digest: genuine.digest.map { $0 ^ 0x5A })

        let socket = try LoopbackUDPSocket()
        let certificate = try DTLSCertificate.generate()
        let transport = try DTLSTransport(role: ourRole, certificate: certificate, remoteFingerprint: forged) {
            socket.send($0, toPort: port)
        }
        try peer.writeLine(["port": Int(socket.port), "fingerprint": certificate.fingerprint.sdpValue])
        try transport.start()
        var failure: DTLSTransportError?
        let deadline = Date().addingTimeInterval(10)
        while failure == nil, Date() < deadline {
            guard let datagram = socket.receive(timeoutMilliseconds: 100) else {
                try transport.handleTimeout()
                continue
            }
            do throws(DTLSTransportError) { try transport.receive(datagram) } catch { failure = error }
        }
        #expect(failure == .rfc8122FingerprintMismatch(expected: forged, presented: genuine))
        #expect(try peer.readLine()["state"] as? String == "failed")
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
