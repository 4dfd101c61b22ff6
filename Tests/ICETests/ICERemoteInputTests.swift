import ICE
import Testing

extension ICESerializedTests {
    @Suite("Remote candidates and credentials from signaling")
    struct ICERemoteInputTests {
        static let rejected: [(String, ICERemoteCandidateError)] = [
            ("m=audio 9 UDP/TLS/RTP/SAVPF 111", .rfc8839NotACandidateAttribute("m=audio 9 UDP/TLS/RTP/SAVPF 111")),
            ("", .rfc8839NotACandidateAttribute("")),
            ("candidate:1 1 UDP 2122260223 3f1c9b1a-5e6b-4a4c-9c62-6b1a2f0e7a11.local 54400 typ host",
             .mdnsHostnameUnsupported("candidate:1 1 UDP 2122260223 3f1c9b1a-5e6b-4a4c-9c62-6b1a2f0e7a11.local 54400 typ host")),
            ("candidate:1 1 UDP 2122260223 127.0.0.1", .rfc8839Unparseable("candidate:1 1 UDP 2122260223 127.0.0.1")),
            ("candidate:1 1 UDP 2122260223 127.0.0.1 5000 typ bogus", .rfc8839Unparseable("candidate:1 1 UDP 2122260223 127.0.0.1 5000 typ bogus")),
            ("candidate:1 1 SCTP 2122260223 127.0.0.1 5000 typ host", .rfc8839Unparseable("candidate:1 1 SCTP 2122260223 127.0.0.1 5000 typ host")),
            ("candidate:1 1 UDP 2122260223 not-an-ip 5000 typ host", .rfc8839Unparseable("candidate:1 1 UDP 2122260223 not-an-ip 5000 typ host")),
            ("candidate:1 2 UDP 2122260222 127.0.0.1 5001 typ host", .rfc8858ComponentNotMuxed(component: 2)),
        ]

        @Test("Malformed or unusable remote candidates are refused with the rule they break", arguments: rejected)
        func rejectsCandidate(text: String, expected: ICERemoteCandidateError) throws {
            let agent = try ICEAgent(configuration: loopbackConfiguration(.controlled)) { _ in }
            defer { agent.close() }
            #expect(throws: expected) { try agent.addRemoteCandidate(text) }
        }

        /// Candidate lines as real peers trickle them (Chromium with extensions, aiortc, libnice, TCP).
        static let accepted = [
            "candidate:842163049 1 udp 1677729535 127.0.0.1 61665 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag sXQi network-cost 999",
            "a=candidate:4 1 UDP 2015363327 127.0.0.1 40123 typ host\r\n",
            "candidate:f8c3f1b6dd0a0fd8b1fe94e7a9c3ee8c 1 udp 2130706431 127.0.0.1 45678 typ host",
            "candidate:2 1 UDP 2122262783 ::1 50000 typ host",
        ]

        @Test("Remote candidates in the forms real peers send are accepted", arguments: accepted)
        func acceptsCandidate(text: String) throws {
            let agent = try ICEAgent(configuration: loopbackConfiguration(.controlled)) { _ in }
            defer { agent.close() }
            try agent.addRemoteCandidate(text)
        }

        @Test("RFC 6544: an ICE-TCP candidate is refused by name while TCP is off, accepted when on")
        func tcpCandidateFollowsConfiguration() throws {
            let tcp = "candidate:1 1 TCP 1518280447 127.0.0.1 9 typ host tcptype active"
            let udpOnly = try ICEAgent(configuration: loopbackConfiguration(.controlled)) { _ in }
            defer { udpOnly.close() }
            #expect(throws: ICERemoteCandidateError.rfc6544TCPCandidatesDisabled(tcp)) { try udpOnly.addRemoteCandidate(tcp) }

            var configuration = loopbackConfiguration(.controlled)
            configuration.tcpCandidates = true
            let withTCP = try ICEAgent(configuration: configuration) { _ in }
            defer { withTCP.close() }
            try withTCP.addRemoteCandidate(tcp)
        }

        static let badCredentials: [(ICECredentials, ICECredentialsError)] = [
            (.init(usernameFragment: "abc", password: String(repeating: "p", count: 24)), .rfc8839UsernameFragmentLength(3)),
            (.init(usernameFragment: "abcd", password: String(repeating: "p", count: 21)), .rfc8839PasswordLength(21)),
            (.init(usernameFragment: "ab:d", password: String(repeating: "p", count: 22)), .rfc8839InvalidCharacter(":")),
            (.init(usernameFragment: "abcd", password: String(repeating: "p", count: 21) + " "), .rfc8839InvalidCharacter(" ")),
        ]

        @Test("Remote credentials outside RFC 8839 §5.4 are refused before reaching libnice", arguments: badCredentials)
        func rejectsCredentials(credentials: ICECredentials, expected: ICECredentialsError) throws {
            let agent = try ICEAgent(configuration: loopbackConfiguration(.controlled)) { _ in }
            defer { agent.close() }
            #expect(throws: expected) { try agent.setRemoteCredentials(credentials) }
        }

        @Test("Local credentials are valid RFC 8839 credentials and differ between agents")
        func localCredentialsAreValid() throws {
            let first = try ICEAgent(configuration: loopbackConfiguration(.controlling)) { _ in }
            let second = try ICEAgent(configuration: loopbackConfiguration(.controlled)) { _ in }
            defer {
                first.close()
                second.close()
            }
            let credentials = try first.localCredentials()
            try credentials.validate()
            #expect(credentials != (try second.localCredentials()))
        }

        @Test("Configuration errors name the bad address", arguments: [
            (ICEAgentConfiguration(role: .controlling, localAddresses: .only(["localhost"])), ICEAgentSetupError.invalidLocalAddress("localhost")),
            (ICEAgentConfiguration(role: .controlling, stunServer: .init(address: "stun.example.org")), .invalidServer("stun.example.org")),
            (ICEAgentConfiguration(role: .controlling, turnServers: [.init(address: "192.0.2.1", port: 0, username: "u", password: "p", transport: .tls)]), .invalidServer("192.0.2.1")),
        ])
        func rejectsConfiguration(configuration: ICEAgentConfiguration, expected: ICEAgentSetupError) {
            #expect(throws: expected) { _ = try ICEAgent(configuration: configuration) { _ in } }
        }
    }
}
