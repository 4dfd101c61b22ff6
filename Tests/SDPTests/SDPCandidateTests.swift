import SDP
import Testing

/// `a=candidate` lines as peers send them, alone (trickle) or in a description,
/// RFC 8839 §5.1 and RFC 6544 §4.5 for TCP.
@Suite struct SDPCandidateTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var line: String
        var expected: SDPCandidate
        var testDescription: String { line }
    }

    static let cases: [Case] = [
        .init(line: "candidate:1 1 udp 2130706431 192.0.2.1 50000 typ host",
              expected: .init(foundation: "1", priority: 2_130_706_431, address: "192.0.2.1", port: 50_000, type: .host)),
        .init(line: "candidate:842163049 1 udp 1677729535 203.0.113.7 52200 typ srflx raddr 192.168.1.5 rport 52200 generation 0 network-cost 999",
              expected: .init(foundation: "842163049", priority: 1_677_729_535, address: "203.0.113.7", port: 52_200,
                              type: .serverReflexive, relatedAddress: "192.168.1.5", relatedPort: 52_200,
                              extensions: [.init(name: "generation", value: "0"), .init(name: "network-cost", value: "999")])),
        .init(line: "candidate:e421bd7019ff9fb4e37a573a72dd85b1 1 udp 16777215 198.51.100.73 58557 typ relay raddr 192.168.1.109 rport 45297",
              expected: .init(foundation: "e421bd7019ff9fb4e37a573a72dd85b1", priority: 16_777_215, address: "198.51.100.73",
                              port: 58_557, type: .relayed, relatedAddress: "192.168.1.109", relatedPort: 45_297)),
        .init(line: "candidate:750991856 1 udp 25108222 198.51.100.30 51472 typ prflx raddr 203.0.113.61 rport 54763 generation 0",
              expected: .init(foundation: "750991856", priority: 25_108_222, address: "198.51.100.30", port: 51_472,
                              type: .peerReflexive, relatedAddress: "203.0.113.61", relatedPort: 54_763,
                              extensions: [.init(name: "generation", value: "0")])),
        .init(line: "candidate:3600277166 1 tcp 1518280447 192.168.1.102 9 typ host tcptype active generation 0 network-id 2",
              expected: .init(foundation: "3600277166", transport: "tcp", priority: 1_518_280_447, address: "192.168.1.102",
                              port: 9, type: .host, tcpType: "active",
                              extensions: [.init(name: "generation", value: "0"), .init(name: "network-id", value: "2")])),
        .init(line: "candidate:2 1 TCP 2105508095 192.168.0.14 52564 typ host tcptype passive",
              expected: .init(foundation: "2", transport: "TCP", priority: 2_105_508_095, address: "192.168.0.14",
                              port: 52_564, type: .host, tcpType: "passive")),
        .init(line: "candidate:5 1 tcp 1019216383 192.0.2.4 40000 typ host tcptype so",
              expected: .init(foundation: "5", transport: "tcp", priority: 1_019_216_383, address: "192.0.2.4",
                              port: 40_000, type: .host, tcpType: "so")),
        .init(line: "candidate:367150618 1 udp 2113937151 c87f982f-ffcc-4564-9e80-f0522804d5f1.local 43970 typ host generation 0 network-cost 999",
              expected: .init(foundation: "367150618", priority: 2_113_937_151, address: "c87f982f-ffcc-4564-9e80-f0522804d5f1.local",
                              port: 43_970, type: .host,
                              extensions: [.init(name: "generation", value: "0"), .init(name: "network-cost", value: "999")])),
        .init(line: "candidate:d0bcf3d9c29a2bc887618212a1623bfa 1 udp 2130706431 fd00::2 45877 typ host",
              expected: .init(foundation: "d0bcf3d9c29a2bc887618212a1623bfa", priority: 2_130_706_431, address: "fd00::2",
                              port: 45_877, type: .host)),
        .init(line: "candidate:1 1 udp 2130706431 192.0.2.1 5000 typ host ufrag PWwO network-id 2",
              expected: .init(foundation: "1", priority: 2_130_706_431, address: "192.0.2.1", port: 5000, type: .host,
                              extensions: [.init(name: "ufrag", value: "PWwO"), .init(name: "network-id", value: "2")])),
    ]

    @Test(arguments: cases)
    func parsesTrickleLineAndWritesItBack(_ testCase: Case) throws {
        let candidate = try SDPCandidate(parsing: testCase.line)
        #expect(candidate == testCase.expected)
        #expect(candidate.candidateLine == testCase.line)
        #expect(try SDPCandidate(parsing: "a=" + testCase.line + "\r\n") == candidate)
    }

    @Test func unknownTypeIsKept() throws {
        let candidate = try SDPCandidate(parsing: "candidate:1 1 udp 1 192.0.2.1 1 typ future")
        #expect(candidate.type == .other("future"))
        #expect(candidate.attributeValue.hasSuffix("typ future"))
    }

    static let errors: [(String, SDPAttributeFormatError)] = [
        ("1 1 udp 2130706431 192.0.2.1 5000 typ host", .candidatePrefixMissing),
        ("candidate:", .missingValue),
        ("candidate:1 1 udp 2130706431 192.0.2.1 5000 typ", .tooFewFields(expected: 8, found: 7)),
        ("candidate:1 0 udp 1 192.0.2.1 5000 typ host", .invalidNumber(field: "component-id", text: "0")),
        ("candidate:1 1 udp 0 192.0.2.1 5000 typ host", .invalidNumber(field: "priority", text: "0")),
        ("candidate:1 1 udp 4294967296 192.0.2.1 5000 typ host", .invalidNumber(field: "priority", text: "4294967296")),
        ("candidate:1 1 udp 1 192.0.2.1 65536 typ host", .invalidNumber(field: "port", text: "65536")),
        ("candidate:1 1 udp 1 192.0.2.1 -1 typ host", .invalidNumber(field: "port", text: "-1")),
        ("candidate:1 1 udp 1 192.0.2.1 5000 typ host generation", .candidateExtensionWithoutValue("generation")),
        ("candidate:1 1 udp 1 192.0.2.1 5000 typ srflx raddr 10.0.0.1 rport x", .invalidNumber(field: "rport", text: "x")),
        ("candidate:a_b 1 udp 1 192.0.2.1 5000 typ host", .invalidToken(field: "foundation", text: "a_b")),
    ]

    @Test(arguments: errors)
    func refusesMalformedCandidate(_ line: String, _ error: SDPAttributeFormatError) {
        #expect(throws: error) { try SDPCandidate(parsing: line) }
    }
}
