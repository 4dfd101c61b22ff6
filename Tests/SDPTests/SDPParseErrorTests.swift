import SDP
import Testing

/// Bad input gives a typed error naming the line and the rule broken, never a crash.
@Suite struct SDPParseErrorTests {
    static let minimal = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
    static let fingerprint256 = (0..<32).map { _ in "AB" }.joined(separator: ":")

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var error: SDPParseError
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        .init(name: "empty input", text: "", error: .init(line: 1, rule: .emptyInput)),
        .init(name: "only blank lines", text: "\r\n\r\n", error: .init(line: 1, rule: .emptyInput)),
        .init(name: "no v= first", text: "o=- 1 2 IN IP4 127.0.0.1\r\nv=0\r\n", error: .init(line: 1, rule: .missingVersion)),
        .init(name: "version 1", text: "v=1\r\n", error: .init(line: 1, rule: .unsupportedVersion("1"))),
        .init(name: "missing o=", text: "v=0\r\ns=-\r\nt=0 0\r\n", error: .init(line: 3, rule: .missingField("o"))),
        .init(name: "missing s=", text: "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\nt=0 0\r\n", error: .init(line: 3, rule: .missingField("s"))),
        .init(name: "missing t=", text: "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n", error: .init(line: 3, rule: .missingField("t"))),
        .init(name: "origin with five fields", text: "v=0\r\no=- 1 2 IN IP4\r\n", error: .init(line: 2, rule: .malformedOrigin)),
        .init(name: "line without =", text: minimal + "a\r\n", error: .init(line: 5, rule: .malformedLine)),
        .init(name: "uppercase type", text: minimal + "A=rtcp-mux\r\n", error: .init(line: 5, rule: .malformedLine)),
        .init(name: "second v=", text: minimal + "v=0\r\n", error: .init(line: 5, rule: .malformedLine)),
        .init(name: "m= with three fields", text: minimal + "m=video 9 UDP/TLS/RTP/SAVPF\r\n", error: .init(line: 5, rule: .malformedMediaLine)),
        .init(name: "m= port out of range", text: minimal + "m=video 70000 UDP/TLS/RTP/SAVPF 96\r\n", error: .init(line: 5, rule: .malformedMediaLine)),
        .init(name: "truncated last line", text: minimal + "a=ice-pwd:abc", error: .init(line: 5, rule: .truncatedInput)),
        .init(name: "truncated first line", text: "v=", error: .init(line: 1, rule: .truncatedInput)),
        .init(name: "fingerprint not hex", text: minimal + "a=fingerprint:sha-256 ZZ:\(fingerprint256.dropFirst(3))\r\n",
              error: .init(line: 5, rule: .badAttribute(name: "fingerprint", .fingerprintNotHex("ZZ:\(fingerprint256.dropFirst(3))")))),
        .init(name: "fingerprint too short", text: minimal + "a=fingerprint:sha-256 AB:CD\r\n",
              error: .init(line: 5, rule: .badAttribute(name: "fingerprint", .fingerprintLength(algorithm: "sha-256", expected: 32, found: 2)))),
        .init(name: "fingerprint unknown hash", text: minimal + "a=fingerprint:md5 AB:CD\r\n",
              error: .init(line: 5, rule: .badAttribute(name: "fingerprint", .invalidToken(field: "hash-func", text: "md5")))),
        .init(name: "fingerprint without value", text: minimal + "a=fingerprint:sha-256\r\n",
              error: .init(line: 5, rule: .badAttribute(name: "fingerprint", .tooFewFields(expected: 2, found: 1)))),
        .init(name: "setup unknown", text: minimal + "a=setup:both\r\n",
              error: .init(line: 5, rule: .badAttribute(name: "setup", .invalidToken(field: "setup", text: "both")))),
        .init(name: "rtpmap payload type 200", text: minimal + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:200 H264/90000\r\n",
              error: .init(line: 6, rule: .badAttribute(name: "rtpmap", .invalidNumber(field: "payload type", text: "200")))),
        .init(name: "rtpmap without clock rate", text: minimal + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 H264\r\n",
              error: .init(line: 6, rule: .badAttribute(name: "rtpmap", .invalidToken(field: "encoding", text: "H264")))),
        .init(name: "extmap id 0", text: minimal + "a=extmap:0 urn:x\r\n",
              error: .init(line: 5, rule: .badAttribute(name: "extmap", .invalidNumber(field: "extmap id", text: "0")))),
        .init(name: "extmap bad direction", text: minimal + "a=extmap:1/both urn:x\r\n",
              error: .init(line: 5, rule: .badAttribute(name: "extmap", .invalidToken(field: "extmap direction", text: "both")))),
        .init(name: "ssrc not a number", text: minimal + "a=ssrc:abc cname:x\r\n",
              error: .init(line: 5, rule: .badAttribute(name: "ssrc", .invalidNumber(field: "ssrc-id", text: "abc")))),
        .init(name: "empty ice-pwd", text: minimal + "a=ice-pwd:\r\n", error: .init(line: 5, rule: .badAttribute(name: "ice-pwd", .missingValue))),
        .init(name: "candidate without typ", text: minimal + "a=candidate:1 1 udp 2130706431 10.0.0.1 5000 host x\r\n",
              error: .init(line: 5, rule: .badAttribute(name: "candidate", .invalidToken(field: "typ", text: "host")))),
        .init(name: "rtcp-fb on a word", text: minimal + "a=rtcp-fb:abc nack\r\n",
              error: .init(line: 5, rule: .badAttribute(name: "rtcp-fb", .invalidToken(field: "rtcp-fb-pt", text: "abc")))),
    ]

    @Test(arguments: cases)
    func refusesWithLineAndRule(_ testCase: Case) {
        #expect(throws: testCase.error) { try SDPSessionDescription(parsing: testCase.text) }
    }

    @Test func toleratesLFAndTrailingSpaces() throws {
        let text = "v=0\no=- 1 2 IN IP4 127.0.0.1 \ns=-\nt=0 0\n\na=ice-lite\n"
        let description = try SDPSessionDescription(parsing: text)
        #expect(description.isICELite)
        #expect(description.origin.address == "127.0.0.1")
    }

    @Test(arguments: SDPFixture.offers)
    func truncatingARealOfferAnywhereInALineIsReported(_ fixture: SDPFixture) throws {
        let text = try fixture.text
        // Cut in the middle of every 7th line: the error must be truncatedInput on that line.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for index in stride(from: 1, to: lines.count - 1, by: 7) where lines[index].count > 3 {
            let cut = lines[..<index].joined(separator: "\r\n") + "\r\n" + lines[index].prefix(lines[index].count / 2)
            #expect(throws: SDPParseError(line: index + 1, rule: .truncatedInput)) {
                try SDPSessionDescription(parsing: cut)
            }
        }
    }
}
