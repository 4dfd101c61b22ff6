import DTLS
import Testing

@Suite("DTLS fingerprint attribute")
struct DTLSFingerprintTests {
    static let chromiumValue = "sha-256 5C:A1:D9:08:1F:8B:C2:1A:34:5E:9D:77:0E:42:B3:C5:6F:19:88:D0:2E:7A:4B:91:C6:03:FD:58:A7:21:E9:64"

    @Test("Parses a fingerprint as Chromium writes it and writes it back unchanged")
    func roundTrip() throws {
        let fingerprint = try DTLSFingerprint(sdpValue: Self.chromiumValue)
        #expect(fingerprint.algorithm == "sha-256")
        #expect(fingerprint.digest.count == 32)
        #expect(fingerprint.digest.first == 0x5C)
        #expect(fingerprint.sdpValue == Self.chromiumValue)
    }

    @Test("Lower-case hex and an upper-case hash name parse to the same fingerprint")
    func caseInsensitive() throws {
        let lower = try DTLSFingerprint(sdpValue: "SHA-256 " + Self.chromiumValue.dropFirst(8).lowercased())
        #expect(lower == (try DTLSFingerprint(sdpValue: Self.chromiumValue)))
    }

    @Test("RFC 8122 §5: malformed values are refused with the rule they break", arguments: [
        ("sha-256", DTLSFingerprintError.rfc8122MalformedAttribute("sha-256")),
        ("sha-256 AB:C", .rfc8122MalformedAttribute("sha-256 AB:C")),
        ("sha-256 AB::CD", .rfc8122MalformedAttribute("sha-256 AB::CD")),
        ("sha-256 AB:ZZ", .rfc8122MalformedAttribute("sha-256 AB:ZZ")),
        ("sha-256 AB:CD extra", .rfc8122MalformedAttribute("sha-256 AB:CD extra")),
        ("sha-256 AB:CD", .rfc8122DigestLengthMismatch(algorithm: "sha-256", expected: 32, actual: 2)),
        ("md5 AB:CD", .rfc8122UnsupportedHashFunction("md5")),
        ("", .rfc8122MalformedAttribute("")),
    ])
    func malformed(value: String, expected: DTLSFingerprintError) {
        #expect(throws: expected) { try DTLSFingerprint(sdpValue: value) }
    }
}
