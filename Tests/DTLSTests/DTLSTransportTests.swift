import DTLS
import Foundation
import Testing

@Suite("DTLS transport: two endpoints in memory")
struct DTLSTransportTests {
    @Test("RFC 5764 §4.2: handshake completes whichever endpoint is the client, both export the same keys",
          arguments: DTLSRole.allCases)
    func handshakeInBothRoleAssignments(firstEndpointRole: DTLSRole) throws {
        var pair = try DTLSTransportPair()
        let (first, second) = firstEndpointRole == .client ? (pair.client, pair.server) : (pair.server, pair.client)
        #expect(first.role == firstEndpointRole)
        try pair.handshake()

        #expect(pair.clientError == nil)
        #expect(pair.serverError == nil)
        #expect(first.state == .connected)
        #expect(second.state == .connected)
        #expect(first.srtpProfile == .aeadAES128GCM)
        #expect(second.srtpProfile == first.srtpProfile)
        let length = DTLSSRTPProtectionProfile.aeadAES128GCM.keyingMaterialLength
        let firstKeys = try first.exportKeyingMaterial(length: length)
        let secondKeys = try second.exportKeyingMaterial(length: length)
        #expect(firstKeys.count == 56)
        #expect(firstKeys == secondKeys)
        #expect(Set(firstKeys).count > 8, "exported bytes look random")
        // A different label must give unrelated bytes (RFC 5705 §4).
        #expect(try first.exportKeyingMaterial(label: "EXTRACTOR-other", length: length) != firstKeys)
    }

    @Test("RFC 5764 §4.1.1: the server picks its most preferred profile among those the client offered", arguments: [
        ([DTLSSRTPProtectionProfile.aeadAES128GCM, .aes128CMHMACSHA1_80], [DTLSSRTPProtectionProfile.aeadAES128GCM, .aes128CMHMACSHA1_80], DTLSSRTPProtectionProfile.aeadAES128GCM),
        ([.aes128CMHMACSHA1_80, .aeadAES128GCM], [.aeadAES128GCM, .aes128CMHMACSHA1_80], .aeadAES128GCM),
        ([.aeadAES128GCM, .aes128CMHMACSHA1_80], [.aes128CMHMACSHA1_80, .aeadAES128GCM], .aes128CMHMACSHA1_80),
        ([.aeadAES128GCM, .aes128CMHMACSHA1_80], [.aes128CMHMACSHA1_80], .aes128CMHMACSHA1_80),
        ([.aes128CMHMACSHA1_80], [.aeadAES128GCM, .aes128CMHMACSHA1_80], .aes128CMHMACSHA1_80),
    ])
    func profileNegotiation(clientOffers: [DTLSSRTPProtectionProfile], serverSupports: [DTLSSRTPProtectionProfile],
                            expected: DTLSSRTPProtectionProfile) throws {
        var pair = try DTLSTransportPair(clientConfiguration: .init(srtpProfiles: clientOffers),
                                         serverConfiguration: .init(srtpProfiles: serverSupports))
        try pair.handshake()
        #expect(pair.client.srtpProfile == expected)
        #expect(pair.server.srtpProfile == expected)
    }

    @Test("RFC 5764 §4.1.1: no common SRTP profile fails the handshake with a named error")
    func noCommonProfile() throws {
        var pair = try DTLSTransportPair(clientConfiguration: .init(srtpProfiles: [.aeadAES128GCM]),
                                         serverConfiguration: .init(srtpProfiles: [.aes128CMHMACSHA1_80]))
        try pair.handshake()
        #expect(pair.client.state == .failed(.rfc5764NoSRTPProfileAgreed))
        #expect(pair.server.state == .failed(.rfc5764NoSRTPProfileAgreed))
    }

    @Test("RFC 8122 §6.2: the client refuses a server certificate that does not match the SDP fingerprint")
    func clientDetectsFingerprintMismatch() throws {
        let impostor = try DTLSCertificate.generate()
        var pair = try DTLSTransportPair(clientExpects: impostor.fingerprint)
        try pair.handshake()

        let expected = DTLSTransportError.rfc8122FingerprintMismatch(
            expected: impostor.fingerprint, presented: DTLSTransportPair.serverCertificate.fingerprint)
        #expect(pair.clientError == expected)
        #expect(pair.client.state == .failed(expected))
        // The client's bad_certificate alert reaches the server, which fails too.
        guard case .failed(.handshakeFailed(let reason)) = pair.server.state else {
            Issue.record("server state \(pair.server.state)")
            return
        }
        #expect(reason.contains("bad certificate"))
        #expect(throws: DTLSTransportError.invalidState(.failed(expected))) {
            try pair.client.exportKeyingMaterial(length: 60)
        }
    }

    @Test("RFC 8122 §6.2: the server refuses a client certificate that does not match the SDP fingerprint")
    func serverDetectsFingerprintMismatch() throws {
        let impostor = try DTLSCertificate.generate()
        var pair = try DTLSTransportPair(serverExpects: impostor.fingerprint)
        try pair.handshake()

        #expect(pair.serverError == .rfc8122FingerprintMismatch(
            expected: impostor.fingerprint, presented: DTLSTransportPair.clientCertificate.fingerprint))
        #expect(pair.client.state != .connected)
        #expect(pair.client.state.isFinished)
    }

    @Test("RFC 6347 §4.2.4: a lost first flight is retransmitted when the caller drives the timer")
    func retransmitsLostClientHello() throws {
        // 300 ms leaves a loaded machine ample margin for the "not yet" check below.
        let patient = DTLSTransportConfiguration(initialRetransmitTimeout: .milliseconds(300))
        var pair = try DTLSTransportPair(clientConfiguration: patient, serverConfiguration: patient)
        try pair.server.start()
        try pair.client.start()
        let lost = pair.toServer.take()
        #expect(!lost.isEmpty, "ClientHello was sent")

        let timeout = try #require(pair.client.nextTimeout)
        #expect(timeout > .zero && timeout <= .milliseconds(300))
        try pair.client.handleTimeout()
        #expect(pair.toServer.take().isEmpty, "nothing is resent before the timer expires")

        Thread.sleep(forTimeInterval: 0.32)
        try pair.client.handleTimeout()
        let resent = pair.toServer.take()
        // Same handshake message; only the record sequence number (bytes 5–10) moves on.
        #expect(resent.map { $0.dropFirst(13) } == lost.map { $0.dropFirst(13) }, "the ClientHello is sent again")
        #expect(resent.first?[10] == lost.first.map { $0[10] + 1 })
        for datagram in resent { pair.toServer.push(datagram) }
        pair.pump()
        #expect(pair.client.state == .connected)
        #expect(pair.server.state == .connected)
    }

    @Test("A lost server flight is recovered by the server's own timer")
    func retransmitsLostServerFlight() throws {
        let fast = DTLSTransportConfiguration(initialRetransmitTimeout: .milliseconds(30))
        var pair = try DTLSTransportPair(clientConfiguration: fast, serverConfiguration: fast)
        try pair.server.start()
        try pair.client.start()
        for datagram in pair.toServer.take() { try pair.server.receive(datagram) }
        #expect(!pair.toClient.take().isEmpty, "server flight dropped")
        let timeout = try #require(pair.server.nextTimeout)
        Thread.sleep(forTimeInterval: Double(timeout.components.attoseconds) / 1e18 + 0.01)
        try pair.server.handleTimeout()
        pair.pump()
        #expect(pair.client.state == .connected)
        #expect(pair.server.state == .connected)
    }

    @Test("RFC 6347 §4.2.4: when the server's last flight is lost, a connected server answers the client's resend")
    func recoversLostFinalFlight() throws {
        let fast = DTLSTransportConfiguration(initialRetransmitTimeout: .milliseconds(30))
        var pair = try DTLSTransportPair(clientConfiguration: fast, serverConfiguration: fast)
        try pair.server.start()
        try pair.client.start()
        // Flights 1–4 pass; the server's ChangeCipherSpec + Finished (flight 6) is lost.
        while pair.server.state != .connected {
            for datagram in pair.toServer.take() { try pair.server.receive(datagram) }
            if pair.server.state == .connected { break }
            for datagram in pair.toClient.take() { try pair.client.receive(datagram) }
        }
        #expect(!pair.toClient.take().isEmpty, "final flight dropped")
        #expect(pair.client.state == .handshaking)

        let timeout = try #require(pair.client.nextTimeout)
        Thread.sleep(forTimeInterval: Double(timeout.components.attoseconds) / 1e18 + 0.01)
        try pair.client.handleTimeout()
        pair.pump()  // the connected server sees the resent flight and resends its own
        #expect(pair.serverError == nil)
        #expect(pair.clientError == nil)
        #expect(pair.client.state == .connected)
        #expect(pair.server.state == .connected)
    }

    @Test("Datagrams that arrive before start() are held, not dropped")
    func holdsEarlyClientHello() throws {
        var pair = try DTLSTransportPair()
        try pair.client.start()
        for datagram in pair.toServer.take() { try pair.server.receive(datagram) }
        #expect(pair.server.state == .new)
        try pair.server.start()
        pair.pump()
        #expect(pair.client.state == .connected)
        #expect(pair.server.state == .connected)
    }

    @Test("No datagram exceeds the configured MTU", arguments: [1200, 600])
    func datagramsFitMTU(mtu: Int) throws {
        let configuration = DTLSTransportConfiguration(mtu: mtu)
        var pair = try DTLSTransportPair(clientConfiguration: configuration, serverConfiguration: configuration)
        try pair.handshake()
        #expect(pair.server.state == .connected)
        #expect(pair.toClient.largestDatagram <= mtu)
        #expect(pair.toServer.largestDatagram <= mtu)
    }

    @Test("RFC 5246 §7.2.1: close() sends close_notify and the peer reports it", arguments: DTLSRole.allCases)
    func closeNotify(closingRole: DTLSRole) throws {
        var pair = try DTLSTransportPair()
        try pair.handshake()
        let (closing, peer) = closingRole == .client ? (pair.client, pair.server) : (pair.server, pair.client)
        closing.close()
        #expect(closing.state == .closedLocally)
        pair.pump()
        #expect(peer.state == .closedByPeer)
        #expect(pair.clientError == nil)
        #expect(pair.serverError == nil)
        #expect(peer.nextTimeout == nil)
        closing.close()  // idempotent
        #expect(closing.state == .closedLocally)
        #expect(throws: DTLSTransportError.invalidState(.closedByPeer)) { try peer.receive([23, 254, 253]) }
    }

    @Test("Keys cannot be exported and start() cannot repeat before the handshake allows it")
    func misuseIsRefused() throws {
        let pair = try DTLSTransportPair()
        #expect(throws: DTLSTransportError.invalidState(.new)) { try pair.client.exportKeyingMaterial(length: 60) }
        try pair.client.start()
        #expect(throws: DTLSTransportError.invalidState(.handshaking)) { try pair.client.start() }
    }

    @Test("Export lengths that make no sense are refused, not a crash", arguments: [0, -1, 1_000_000])
    func exportLength(length: Int) throws {
        var pair = try DTLSTransportPair()
        try pair.handshake()
        #expect(throws: DTLSTransportError.keyingMaterialExportFailed("length \(length) outside 1…4096")) {
            try pair.client.exportKeyingMaterial(length: length)
        }
    }

    @Test("Garbage during the handshake is ignored as DTLS requires, and the handshake still completes")
    func garbageDuringHandshake() throws {
        var pair = try DTLSTransportPair()
        try pair.server.start()
        try pair.server.receive([22, 254, 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 200, 1, 2, 3])
        try pair.server.receive(Array(repeating: 0x41, count: 40))
        try pair.client.start()
        pair.pump()
        #expect(pair.serverError == nil)
        #expect(pair.server.state == .connected)
        #expect(pair.client.state == .connected)
    }
}
