import DTLS
import Testing

@Suite("DTLS role from a=setup")
struct DTLSRoleTests {
    @Test("RFC 5763 §5: our own setup value", arguments: [
        ("active", DTLSRole?.some(.client)), ("passive", .server), ("actpass", nil), ("holdconn", nil), ("ACTIVE", .client),
    ])
    func localSetup(value: String, expected: DTLSRole?) {
        #expect(DTLSRole(localSetup: value) == expected)
    }

    @Test("RFC 5763 §5: the peer's setup value leaves us the other role; answering actpass makes us the client",
          arguments: [("active", DTLSRole?.some(.server)), ("passive", .client), ("actpass", .client), ("", nil)])
    func remoteSetup(value: String, expected: DTLSRole?) {
        #expect(DTLSRole(remoteSetup: value) == expected)
    }

    @Test("The setup value we announce round-trips to our role", arguments: DTLSRole.allCases)
    func announce(role: DTLSRole) {
        #expect(DTLSRole(localSetup: role.sdpSetup) == role)
    }
}
