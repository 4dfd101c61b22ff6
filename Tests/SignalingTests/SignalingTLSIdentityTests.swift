import Foundation
import Testing
@testable import Signaling

@Suite struct SignalingTLSIdentityTests {
    @Test func theTLSIdentityIsMadeOnceAndThenReloaded() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("peercam-tls-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let made = try SignalingTLSIdentity.loadOrCreate(in: directory)
        let reloaded = try SignalingTLSIdentity.loadOrCreate(in: directory)
        #expect(made.fingerprint == reloaded.fingerprint)
        let key = try FileManager.default.attributesOfItem(atPath: directory + "/" + SignalingTLSIdentity.privateKeyFileName)
        #expect((key[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(CertificateFingerprint(derCertificate: made.certificateDER) == made.fingerprint)
    }

    @Test(arguments: [
        ("AB:CD", CertificateFingerprintFormatError.wrongPairCount(2)),
        (Array(repeating: "GG", count: 32).joined(separator: ":"), .invalidPair(index: 0)),
        (Array(repeating: "ABC", count: 32).joined(separator: ":"), .invalidPair(index: 0)),
    ])
    func aFingerprintTextIsParsedStrictly(text: String, error: CertificateFingerprintFormatError) {
        #expect(throws: error) { try CertificateFingerprint(parsing: text) }
    }

    @Test func aFingerprintRoundTripsThroughItsText() throws {
        let fingerprint = try SignalingTLSIdentity.make().fingerprint
        #expect(try CertificateFingerprint(parsing: fingerprint.description) == fingerprint)
        #expect(try CertificateFingerprint(parsing: fingerprint.description.lowercased()) == fingerprint)
        #expect(fingerprint.description.count == 95)
    }

    @Test func aHalfMissingIdentityIsRefusedRatherThanReplaced() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("peercam-tls-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try SignalingTLSIdentity.loadOrCreate(in: directory)
        try FileManager.default.removeItem(atPath: directory + "/" + SignalingTLSIdentity.privateKeyFileName)
        #expect(throws: SignalingTLSIdentityError.incomplete(directory)) {
            try SignalingTLSIdentity.loadOrCreate(in: directory)
        }
    }
}
