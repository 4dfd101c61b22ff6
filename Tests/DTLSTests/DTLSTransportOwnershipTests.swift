import DTLS
import Testing

/// Lets a send closure reach a transport created after it.
final class TransportSlot: @unchecked Sendable {
    weak var transport: DTLSTransport?
}

@Suite("DTLS transport: ownership and re-entrancy")
struct DTLSTransportOwnershipTests {
    @Test("send is called outside the lock: delivering synchronously into the peer completes the handshake")
    func reentrantDelivery() throws {
        let a = DTLSTransportPair.clientCertificate, b = DTLSTransportPair.serverCertificate
        let toClient = TransportSlot(), toServer = TransportSlot()
        let client = try DTLSTransport(role: .client, certificate: a, remoteFingerprint: b.fingerprint) {
            _ = try? toServer.transport?.receive($0)
        }
        let server = try DTLSTransport(role: .server, certificate: b, remoteFingerprint: a.fingerprint) {
            _ = try? toClient.transport?.receive($0)
        }
        toClient.transport = client
        toServer.transport = server
        try server.start()
        try client.start()  // the whole handshake runs inside this call, through the closures
        #expect(client.state == .connected)
        #expect(server.state == .connected)
        client.close()
        #expect(server.state == .closedByPeer)
    }

    @Test("A transport is freed when its owner lets go: no retain cycle through OpenSSL callbacks")
    func freedWhenReleased() throws {
        weak var released: DTLSTransport?
        do {
            var pair = try DTLSTransportPair()
            try pair.handshake()
            released = pair.client
            #expect(released != nil)
        }
        #expect(released == nil)
    }
}
