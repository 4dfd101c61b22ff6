// srtp-benchmark: the per-packet cost of SRTP and the cost of a DTLS handshake, measured
// on this machine. Run in release: `swift run -c release srtp-benchmark [packets] [handshakes]`
// (small counts make it usable under valgrind as a leak check).
import DTLS
import Foundation
import SRTP

extension DTLSTransport: SRTPKeyingMaterialExporter {}

/// Collects the datagrams one endpoint sends to the other.
final class Wire: @unchecked Sendable {
    private let lock = NSLock()
    private var queued: [[UInt8]] = []
    func push(_ datagram: [UInt8]) { lock.withLock { queued.append(datagram) } }
    func take() -> [[UInt8]] { lock.withLock { defer { queued.removeAll() }; return queued } }
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Runs one complete handshake in memory and returns both connected transports.
func handshake(_ clientCertificate: DTLSCertificate, _ serverCertificate: DTLSCertificate,
               profile: DTLSSRTPProtectionProfile) throws -> (DTLSTransport, DTLSTransport) {
    let toServer = Wire(), toClient = Wire()
    let configuration = DTLSTransportConfiguration(srtpProfiles: [profile])
    let client = try DTLSTransport(role: .client, certificate: clientCertificate,
                                   remoteFingerprint: serverCertificate.fingerprint,
                                   configuration: configuration) { toServer.push($0) }
    let server = try DTLSTransport(role: .server, certificate: serverCertificate,
                                   remoteFingerprint: clientCertificate.fingerprint,
                                   configuration: configuration) { toClient.push($0) }
    try server.start()
    try client.start()
    while client.state != .connected || server.state != .connected {
        let (up, down) = (toServer.take(), toClient.take())
        guard !up.isEmpty || !down.isEmpty else { throw DTLSTransportError.invalidState(client.state) }
        for datagram in up { try server.receive(datagram) }
        for datagram in down { try client.receive(datagram) }
    }
    return (client, server)
}

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let packets = arguments.first ?? 200_000
let handshakeRuns = arguments.dropFirst().first ?? 50
let certificateRuns = 20
let generation = try seconds { for _ in 0..<certificateRuns { _ = try DTLSCertificate.generate() } }
print(String(format: "certificate generation (P-256, self-signed): %.2f ms", generation / Double(certificateRuns) * 1e3))

let clientCertificate = try DTLSCertificate.generate(), serverCertificate = try DTLSCertificate.generate()
let handshakeTime = try seconds {
    for _ in 0..<handshakeRuns { _ = try handshake(clientCertificate, serverCertificate, profile: .aeadAES128GCM) }
}
print(String(format: "DTLS 1.2 handshake in memory (both ends, one thread): %.2f ms", handshakeTime / Double(handshakeRuns) * 1e3))

var header: [UInt8] = [0x80, 96, 0, 0, 0, 0, 0, 0, 0xCA, 0xFE, 0x00, 0x01]
let payload = [UInt8](repeating: 0xA5, count: 1200 - header.count)
for profile in DTLSSRTPProtectionProfile.allCases {
    let (client, server) = try handshake(clientCertificate, serverCertificate, profile: profile)
    guard let srtpProfile = SRTPProtectionProfile(rawValue: profile.rawValue) else { continue }
    let sender = try SRTPSession(keyingMaterial: SRTPKeyingMaterial(exporter: client, profile: srtpProfile, role: .dtlsClient))
    let receiver = try SRTPSession(keyingMaterial: SRTPKeyingMaterial(exporter: server, profile: srtpProfile, role: .dtlsServer))
    var plain = header + payload
    var protected: [UInt8] = [], recovered: [UInt8] = []
    var protectTime = 0.0, unprotectTime = 0.0
    for sequence in 0..<packets {
        plain[2] = UInt8(truncatingIfNeeded: sequence >> 8)
        plain[3] = UInt8(truncatingIfNeeded: sequence)
        plain[4] = UInt8(truncatingIfNeeded: sequence >> 16)  // timestamp, keeps packets distinct
        protectTime += try seconds { try sender.protectRTP(plain, into: &protected) }
        unprotectTime += try seconds { try receiver.unprotectRTP(protected, into: &recovered) }
    }
    print(String(format: "%@ 1200-byte RTP: protect %.2f µs, unprotect %.2f µs per packet",
                 "\(profile)", protectTime / Double(packets) * 1e6, unprotectTime / Double(packets) * 1e6))
    header[11] &+= 1
}
