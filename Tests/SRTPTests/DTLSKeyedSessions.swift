import DTLS
import Foundation
import SRTP

extension DTLSTransport: SRTPKeyingMaterialExporter {}

/// Two SRTP sessions keyed the way a peer connection keys them: a real DTLS handshake in
/// memory, the exporter, and the split by role.
struct DTLSKeyedSessions {
    let client: SRTPSession
    let server: SRTPSession

    static let certificates = (try! DTLSCertificate.generate(), try! DTLSCertificate.generate())

    init(profile: DTLSSRTPProtectionProfile, replayWindow: Int = 1024) throws {
        let (clientCertificate, serverCertificate) = Self.certificates
        let outbox = Outbox()
        let configuration = DTLSTransportConfiguration(srtpProfiles: [profile])
        let client = try DTLSTransport(role: .client, certificate: clientCertificate,
                                       remoteFingerprint: serverCertificate.fingerprint,
                                       configuration: configuration) { outbox.push(toServer: $0) }
        let server = try DTLSTransport(role: .server, certificate: serverCertificate,
                                       remoteFingerprint: clientCertificate.fingerprint,
                                       configuration: configuration) { outbox.push(toClient: $0) }
        try server.start()
        try client.start()
        for _ in 0..<10 {
            let (toServer, toClient) = outbox.take()
            for datagram in toServer { try server.receive(datagram) }
            for datagram in toClient { try client.receive(datagram) }
        }
        guard client.state == .connected, server.state == .connected,
              let negotiated = client.srtpProfile,
              let srtpProfile = SRTPProtectionProfile(rawValue: negotiated.rawValue)
        else { throw DTLSTransportError.invalidState(client.state) }
        self.client = try SRTPSession(keyingMaterial: SRTPKeyingMaterial(exporter: client, profile: srtpProfile, role: .dtlsClient),
                                      replayWindow: replayWindow)
        self.server = try SRTPSession(keyingMaterial: SRTPKeyingMaterial(exporter: server, profile: srtpProfile, role: .dtlsServer),
                                      replayWindow: replayWindow)
    }

    private final class Outbox: @unchecked Sendable {
        private let lock = NSLock()
        private var toServer: [[UInt8]] = [], toClient: [[UInt8]] = []
        func push(toServer datagram: [UInt8]) { lock.withLock { toServer.append(datagram) } }
        func push(toClient datagram: [UInt8]) { lock.withLock { toClient.append(datagram) } }
        func take() -> ([[UInt8]], [[UInt8]]) {
            lock.withLock {
                defer { toServer.removeAll(); toClient.removeAll() }
                return (toServer, toClient)
            }
        }
    }
}

/// Plain RTP and RTCP packets to protect.
enum TestPackets {
    /// An RTP packet (RFC 3550 §5.1): V=2, payload type 96, then `payloadLength` bytes.
    static func rtp(ssrc: UInt32, sequence: UInt16, payloadLength: Int = 160) -> [UInt8] {
        var packet: [UInt8] = [0x80, 96]
        packet += bytes(of: UInt32(sequence), count: 2)
        packet += bytes(of: UInt32(sequence) &* 3000, count: 4)
        packet += bytes(of: ssrc, count: 4)
        packet += (0..<payloadLength).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ Int(sequence)) }
        return packet
    }

    /// A receiver report with one report block (RFC 3550 §6.4.2): 32 bytes.
    static func rtcpReceiverReport(ssrc: UInt32, reportee: UInt32 = 0x1234_5678) -> [UInt8] {
        var packet: [UInt8] = [0x81, 201, 0, 7]
        packet += bytes(of: ssrc, count: 4)
        packet += bytes(of: reportee, count: 4)
        packet += [UInt8](repeating: 0, count: 20)
        return packet
    }

    private static func bytes(of value: UInt32, count: Int) -> [UInt8] {
        (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}
