import DTLS
import Foundation

/// Datagrams in flight from one in-memory endpoint to the other.
final class DatagramWire: @unchecked Sendable {
    private let lock = NSLock()
    private var queued: [[UInt8]] = []
    private(set) var sentCount = 0
    private(set) var largestDatagram = 0

    func push(_ datagram: [UInt8]) {
        lock.withLock {
            queued.append(datagram)
            sentCount += 1
            largestDatagram = max(largestDatagram, datagram.count)
        }
    }

    func take() -> [[UInt8]] {
        lock.withLock {
            defer { queued.removeAll() }
            return queued
        }
    }
}

/// Two DTLS transports wired back to back in memory, like Pion's `newPair`.
struct DTLSTransportPair {
    let client: DTLSTransport
    let server: DTLSTransport
    let toServer = DatagramWire()
    let toClient = DatagramWire()

    /// First error each side threw while datagrams were pumped.
    var clientError: DTLSTransportError?
    var serverError: DTLSTransportError?

    static let clientCertificate = try! DTLSCertificate.generate(commonName: "client")
    static let serverCertificate = try! DTLSCertificate.generate(commonName: "server")

    init(clientExpects: DTLSFingerprint = serverCertificate.fingerprint,
         serverExpects: DTLSFingerprint = clientCertificate.fingerprint,
         clientConfiguration: DTLSTransportConfiguration = DTLSTransportConfiguration(),
         serverConfiguration: DTLSTransportConfiguration = DTLSTransportConfiguration()) throws {
        let toServer = toServer, toClient = toClient
        client = try DTLSTransport(role: .client, certificate: Self.clientCertificate, remoteFingerprint: clientExpects,
                                   configuration: clientConfiguration) { toServer.push($0) }
        server = try DTLSTransport(role: .server, certificate: Self.serverCertificate, remoteFingerprint: serverExpects,
                                   configuration: serverConfiguration) { toClient.push($0) }
    }

    /// Starts both sides and pumps until no datagram is in flight.
    mutating func handshake() throws {
        try server.start()
        try client.start()
        pump()
    }

    /// Delivers datagrams both ways until the wires are quiet.
    mutating func pump(rounds: Int = 50) {
        for _ in 0..<rounds {
            let towardsServer = toServer.take(), towardsClient = toClient.take()
            if towardsServer.isEmpty && towardsClient.isEmpty { return }
            for datagram in towardsServer { deliver(datagram, to: server, recording: &serverError) }
            for datagram in towardsClient { deliver(datagram, to: client, recording: &clientError) }
        }
    }

    private func deliver(_ datagram: [UInt8], to transport: DTLSTransport,
                         recording firstError: inout DTLSTransportError?) {
        do throws(DTLSTransportError) {
            try transport.receive(datagram)
        } catch {
            if firstError == nil { firstError = error }
        }
    }
}
