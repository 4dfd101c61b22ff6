import DTLS
import Foundation
import Testing

@Suite("DTLS certificate")
struct DTLSCertificateTests {
    @Test("RFC 8122 §5: the fingerprint reads `sha-256` and 32 upper-case hex pairs joined by colons")
    func fingerprintFormat() throws {
        let certificate = try DTLSCertificate.generate()
        let value = certificate.fingerprint.sdpValue
        #expect(value.hasPrefix("sha-256 "))
        let pairs = value.dropFirst("sha-256 ".count).split(separator: ":", omittingEmptySubsequences: false)
        #expect(pairs.count == 32)
        #expect(pairs.allSatisfy { $0.count == 2 && $0.allSatisfy { "0123456789ABCDEF".contains($0) } })
        #expect(try DTLSFingerprint(sdpValue: value) == certificate.fingerprint)
    }

    @Test("The certificate runs for the requested number of days", arguments: [1, 30, 365])
    func validity(days: Int) throws {
        let certificate = try DTLSCertificate.generate(validityDays: days)
        let expected = Date().addingTimeInterval(TimeInterval(days * 86_400))
        #expect(abs(certificate.expiry.timeIntervalSince(expected)) < 120)
    }

    @Test("A validity period that makes no sense is refused", arguments: [0, -5, 36_501, Int.max])
    func validityOutOfRange(days: Int) {
        #expect(throws: DTLSCertificateError.validityOutOfRange(days: days)) { try DTLSCertificate.generate(validityDays: days) }
    }

    @Test("Each generated certificate has its own key and fingerprint")
    func generatedCertificatesDiffer() throws {
        let first = try DTLSCertificate.generate(), second = try DTLSCertificate.generate()
        #expect(first.fingerprint != second.fingerprint)
    }

    @Test("PEM round trip keeps the fingerprint, and the loaded certificate still handshakes")
    func pemRoundTrip() throws {
        let original = try DTLSCertificate.generate()
        let pem = try original.pem
        #expect(pem.contains("-----BEGIN PRIVATE KEY-----"))
        #expect(pem.contains("-----BEGIN CERTIFICATE-----"))
        let loaded = try DTLSCertificate(pem: pem)
        #expect(loaded.fingerprint == original.fingerprint)
        #expect(try loaded.pem == pem)
        #expect(loaded.expiry == original.expiry)

        let peer = try DTLSCertificate.generate()
        let wire = DatagramWire(), back = DatagramWire()
        let client = try DTLSTransport(role: .client, certificate: loaded, remoteFingerprint: peer.fingerprint) { wire.push($0) }
        let server = try DTLSTransport(role: .server, certificate: peer, remoteFingerprint: original.fingerprint) { back.push($0) }
        try server.start()
        try client.start()
        for _ in 0..<10 {
            for datagram in wire.take() { try server.receive(datagram) }
            for datagram in back.take() { try client.receive(datagram) }
        }
        #expect(client.state == .connected)
        #expect(server.state == .connected)
    }

    @Test("PEM with the parts in the other order loads too")
    func pemOrderDoesNotMatter() throws {
        let original = try DTLSCertificate.generate()
        let (key, certificate) = try Self.split(try original.pem)
        #expect(try DTLSCertificate(pem: certificate + key).fingerprint == original.fingerprint)
    }

    @Test("Broken PEM is refused with a typed error", arguments: [
        "", "not a pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    ])
    func brokenPEM(text: String) {
        #expect {
            try DTLSCertificate(pem: text)
        } throws: { error in
            guard case DTLSCertificateError.pemInvalid = error else { return false }
            return true
        }
    }

    @Test("A certificate alone, without its key, is refused")
    func certificateWithoutKey() throws {
        let (_, certificate) = try Self.split(try DTLSCertificate.generate().pem)
        #expect(throws: DTLSCertificateError.self) { try DTLSCertificate(pem: certificate) }
    }

    @Test("A key and a certificate that do not belong together are refused")
    func mismatchedKey() throws {
        let (key, _) = try Self.split(try DTLSCertificate.generate().pem)
        let (_, certificate) = try Self.split(try DTLSCertificate.generate().pem)
        #expect(throws: DTLSCertificateError.keyDoesNotMatchCertificate) {
            try DTLSCertificate(pem: key + certificate)
        }
    }

    @Test("Other RFC 8122 hash functions give digests of their size; MD5 is refused",
          arguments: [("sha-1", 20), ("SHA-256", 32), ("sha-384", 48), ("sha-512", 64)])
    func otherHashFunctions(algorithm: String, length: Int) throws {
        let certificate = try DTLSCertificate.generate()
        let fingerprint = try certificate.fingerprint(algorithm: algorithm)
        #expect(fingerprint.digest.count == length)
        #expect(fingerprint.algorithm == algorithm.lowercased())
        #expect(throws: DTLSFingerprintError.rfc8122UnsupportedHashFunction("md5")) {
            try certificate.fingerprint(algorithm: "md5")
        }
    }

    /// Splits our PEM output into its key block and its certificate block.
    static func split(_ pem: String) throws -> (key: String, certificate: String) {
        let marker = "-----BEGIN CERTIFICATE-----"
        let range = try #require(pem.range(of: marker))
        return (String(pem[..<range.lowerBound]), String(pem[range.lowerBound...]))
    }
}
