import SDP
import Testing

/// Trickle ICE fragments (RFC 8840 §9) as WHEP PATCH bodies carry them (RFC 9725 §4.3.1).
@Suite struct SDPTrickleFragmentTests {
    /// The shape of the RFC 9725 §4.3.1 example: credentials, BUNDLE group, one section with
    /// candidates (UDP and TCP, with Chromium's extensions) and end-of-candidates.
    static let whepPatch = """
        a=ice-options:trickle ice2\r
        a=group:BUNDLE 0 1\r
        m=audio 9 UDP/TLS/RTP/SAVPF 111\r
        a=mid:0\r
        a=ice-ufrag:EsAw\r
        a=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1\r
        a=candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0 ufrag EsAw network-id 1\r
        a=candidate:3471623853 1 udp 2122194687 198.51.100.2 61765 typ host generation 0 ufrag EsAw network-id 2\r
        a=candidate:473322822 1 tcp 1518280447 192.0.2.1 9 typ host tcptype active generation 0 ufrag EsAw network-id 1\r
        a=end-of-candidates\r

        """

    @Test func parsesWHEPPatchBody() throws {
        let fragment = try SDPTrickleFragment(parsing: Self.whepPatch)
        #expect(fragment.iceOptions == ["trickle", "ice2"])
        #expect(fragment.media.first?.iceUfrag == "EsAw")
        #expect(fragment.trickledCandidates.map(\.mid) == ["0", "0", "0"])
        #expect(fragment.trickledCandidates.last?.candidate.tcpType == "active")
        #expect(fragment.isEndOfCandidates)
        #expect(try SDPTrickleFragment(parsing: fragment.text) == fragment)
        #expect(fragment.text == Self.whepPatch)
    }

    @Test func buildsFragmentForOurCandidates() throws {
        let candidate = SDPCandidate(foundation: "1", priority: 2_130_706_431, address: "192.0.2.10", port: 50_000, type: .host)
        let fragment = SDPTrickleFragment(ufrag: "PcAm", pwd: "peercamIcePasswordOf24ch", mid: "0",
                                          candidates: [candidate], endOfCandidates: true)
        let parsed = try SDPTrickleFragment(parsing: fragment.text)
        #expect(parsed == fragment)
        #expect(parsed.iceUfrag == "PcAm" && parsed.icePwd == "peercamIcePasswordOf24ch")
        #expect(parsed.trickledCandidates == [.init(mid: "0", candidate: candidate)])
    }

    @Test(arguments: [
        ("", SDPParseError(line: 1, rule: .emptyInput)),
        ("v=0\r\n", SDPParseError(line: 1, rule: .malformedLine)),
        ("a=ice-ufrag:x\r\no=- 1 1 IN IP4 0.0.0.0\r\n", SDPParseError(line: 2, rule: .malformedLine)),
        ("a=candidate:1 1 udp 1 192.0.2.1 5000 typ\r\n",
         SDPParseError(line: 1, rule: .badAttribute(name: "candidate", .tooFewFields(expected: 8, found: 7)))),
        ("a=mid:0\r\na=candidate:1 1 udp 1 192.0.2", SDPParseError(line: 2, rule: .truncatedInput)),
    ])
    func refusesBadFragments(_ text: String, _ error: SDPParseError) {
        #expect(throws: error) { try SDPTrickleFragment(parsing: text) }
    }
}
