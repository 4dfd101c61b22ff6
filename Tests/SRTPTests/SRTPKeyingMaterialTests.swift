import SRTP
import Testing

@Suite("SRTP keying material split")
struct SRTPKeyingMaterialTests {
    @Test("RFC 5764 §4.2: client key, server key, client salt, server salt; each side sends with its own half",
          arguments: SRTPProtectionProfile.allCases)
    func split(profile: SRTPProtectionProfile) throws {
        let exported = (0..<profile.keyingMaterialLength).map { UInt8($0) }
        let key = profile.keyLength, salt = profile.saltLength
        let clientHalf = Array(exported[0..<key] + exported[2 * key..<2 * key + salt])
        let serverHalf = Array(exported[key..<2 * key] + exported[(2 * key + salt)...])

        let client = try SRTPKeyingMaterial(exported: exported, profile: profile, role: .dtlsClient)
        let server = try SRTPKeyingMaterial(exported: exported, profile: profile, role: .dtlsServer)
        #expect(client.localMasterKeyAndSalt == clientHalf)
        #expect(client.remoteMasterKeyAndSalt == serverHalf)
        #expect(server.localMasterKeyAndSalt == serverHalf)
        #expect(server.remoteMasterKeyAndSalt == clientHalf)
    }

    @Test("Profile sizes: 60 bytes for AES-CM (RFC 5764), 56 for AES-GCM (RFC 7714 §12)", arguments: [
        (SRTPProtectionProfile.aes128CMHMACSHA1_80, 60), (.aeadAES128GCM, 56),
    ])
    func lengths(profile: SRTPProtectionProfile, length: Int) {
        #expect(profile.keyingMaterialLength == length)
    }

    @Test("Exported bytes of the wrong length are refused")
    func wrongLength() {
        #expect(throws: SRTPError.rfc5764KeyingMaterialLengthMismatch(expected: 60, actual: 56)) {
            try SRTPKeyingMaterial(exported: [UInt8](repeating: 1, count: 56), profile: .aes128CMHMACSHA1_80, role: .dtlsClient)
        }
    }

    struct FailingExporter: SRTPKeyingMaterialExporter {
        struct NotConnected: Error {}
        func exportKeyingMaterial(label: String, length: Int) throws -> [UInt8] { throw NotConnected() }
    }

    @Test("An exporter failure surfaces as a typed error")
    func exporterFailure() {
        #expect {
            try SRTPKeyingMaterial(exporter: FailingExporter(), profile: .aeadAES128GCM, role: .dtlsServer)
        } throws: { error in
            guard case SRTPError.keyingMaterialExportFailed(let reason) = error else { return false }
            return reason.contains("NotConnected")
        }
    }
}
