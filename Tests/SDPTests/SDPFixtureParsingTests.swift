import SDP
import Testing

/// Real offers and answers from other WebRTC implementations parse, keep what they say, and
/// re-serialise to the same meaning (RFC 8866 §5 grammar, Pion-style "bugs seen with a real
/// peer become fixtures").
@Suite struct SDPFixtureParsingTests {
    /// What each fixture must say once parsed: its mids in order, the BUNDLE group, and the
    /// H264 profile-level-ids with packetization-mode 1 of its video section.
    struct Expectation: Sendable, CustomTestStringConvertible {
        var fixture: SDPFixture
        var mids: [String]
        var bundle: [String]
        var h264PacketizationMode1: [String]
        var hasCandidates: Bool
        var testDescription: String { fixture.name }
    }

    static let expectations: [Expectation] = [
        .init(fixture: .init(name: "aiortc-recvonly-offer"), mids: ["0", "1"], bundle: ["0", "1"],
              h264PacketizationMode1: ["42001f", "42e01f"], hasCandidates: true),
        .init(fixture: .init(name: "aiortc-sendrecv-offer"), mids: ["0", "1"], bundle: ["0", "1"],
              h264PacketizationMode1: ["42001f", "42e01f"], hasCandidates: true),
        .init(fixture: .init(name: "aiortc-sendonly-answer"), mids: ["0", "1"], bundle: ["0", "1"],
              h264PacketizationMode1: ["42001f", "42e01f"], hasCandidates: true),
        .init(fixture: .init(name: "chromium-recvonly-offer"), mids: ["0", "1"], bundle: ["0", "1"],
              h264PacketizationMode1: ["42001f", "42e01f", "4d001f", "f4001f"], hasCandidates: true),
        .init(fixture: .init(name: "chromium-sendrecv-offer"), mids: ["0", "1"], bundle: ["0", "1"],
              h264PacketizationMode1: ["42001f", "42e01f", "4d001f"], hasCandidates: true),
        .init(fixture: .init(name: "firefox-offer"), mids: ["0", "1"], bundle: ["0", "1"],
              h264PacketizationMode1: ["42e01f"], hasCandidates: false),
        .init(fixture: .init(name: "gstreamer-recvonly-offer"), mids: ["video0", "audio1"], bundle: ["video0", "audio1"],
              h264PacketizationMode1: ["42e01f"], hasCandidates: false),
        .init(fixture: .init(name: "gstreamer-sendonly-offer"), mids: ["video0", "audio1"], bundle: ["video0", "audio1"],
              h264PacketizationMode1: ["42e01f"], hasCandidates: false),
        .init(fixture: .init(name: "obs-whip-offer"), mids: ["0", "1"], bundle: ["0", "1"],
              h264PacketizationMode1: ["42e01f"], hasCandidates: true),
    ]

    @Test(arguments: expectations)
    func parsesRealDescription(_ expected: Expectation) throws {
        let description = try expected.fixture.description
        #expect(description.media.map(\.mid) == expected.mids)
        #expect(description.bundleGroup?.mids == expected.bundle)
        let video = try #require(description.media.first { $0.media == "video" })
        let h264 = video.codecs.filter { $0.isEncoding("H264", clockRate: 90_000) && $0.parameter("packetization-mode") == "1" }
        #expect(h264.compactMap { $0.parameter("profile-level-id") } == expected.h264PacketizationMode1)
        let candidates = description.media.flatMap(\.candidates)
        #expect(!candidates.isEmpty == expected.hasCandidates)
        for section in description.media where !section.isRejected {
            #expect((section.iceUfrag ?? description.iceUfrag) != nil, "ICE ufrag in \(section.mid ?? "?")")
            #expect(!(section.fingerprints + description.fingerprints).isEmpty)
            #expect(section.hasRTCPMux)
        }
    }

    @Test(arguments: SDPFixture.all)
    func roundTripKeepsEveryLine(_ fixture: SDPFixture) throws {
        let text = try fixture.text
        let parsed = try SDPSessionDescription(parsing: text)
        let serialized = parsed.text
        #expect(try SDPSessionDescription(parsing: serialized) == parsed)
        // Same lines in the same order: unknown attributes (a=msid-semantic, a=extmap-allow-mixed,
        // a=group:LS, a=rtcp-mux-only, …) survive; only the line terminator becomes CRLF.
        let original = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        let written = serialized.split(separator: "\r\n").map(String.init)
        #expect(written == original)
        #expect(serialized.hasSuffix("\r\n"))
    }

    @Test func keepsUnknownAttributesWhereTheyWere() throws {
        let gstreamer = try SDPFixture(name: "gstreamer-recvonly-offer").description
        #expect(gstreamer.media.allSatisfy { $0.hasAttribute("rtcp-mux-only") })
        let audio = try #require(gstreamer.section(mid: "audio1"))
        #expect(audio.port == 0 && audio.isBundleOnly && !audio.isRejected)
        let obs = try SDPFixture(name: "obs-whip-offer").description
        #expect(obs.groups.map(\.semantics) == ["BUNDLE", "LS"])
        #expect(obs.iceOptions == ["ice2,trickle"])
        #expect(obs.setupRole == .actpass)
        let firefox = try SDPFixture(name: "firefox-offer").description
        let playoutDelay = try #require(firefox.media[1].extensionMaps.first { $0.id == 6 })
        #expect(playoutDelay.direction == .recvonly)
        #expect(firefox.media[1].ssrcGroups == [SDPSSRCGroup(semantics: "FID", ssrcs: [7_463_831, 2_513_307_155])])
    }

    @Test func readsChromiumMDNSCandidatesAndExtensions() throws {
        let chromium = try SDPFixture(name: "chromium-recvonly-offer").description
        let candidate = try #require(chromium.media[0].candidates.first)
        #expect(candidate.address.hasSuffix(".local"))
        #expect(candidate.type == .host && candidate.isUDP)
        #expect(candidate.extensionValue("generation") == "0")
        #expect(chromium.media[0].extensionMaps.contains { $0.uri == SDPLocalParameters.transportCCExtension })
        #expect(chromium.media[0].direction == .recvonly)
    }

    /// RFC 8866 line types this module does not interpret stay where they were.
    @Test func keepsUninterpretedLineTypesInOrder() throws {
        let text = [
            "v=0", "o=jdoe 2890844526 2890842807 IN IP4 10.47.16.5", "s=SDP Seminar",
            "i=A Seminar on the session description protocol", "u=http://www.example.com/seminars/sdp.pdf",
            "e=j.doe@example.com (Jane Doe)", "c=IN IP4 224.2.17.12/127", "b=AS:2000", "t=2873397496 2873404696",
            "r=7d 1h 0 25h", "z=2882844526 -1h", "a=recvonly", "a=x-unknown:value with spaces",
            "m=audio 49170/2 RTP/AVP 0", "i=audio title", "b=TIAS:64000", "k=prompt", "a=rtpmap:0 PCMU/8000",
            "a=x-flag", "m=application 0 UDP/DTLS/SCTP webrtc-datachannel", "a=sctp-port:5000", "",
        ].joined(separator: "\r\n")
        let parsed = try SDPSessionDescription(parsing: text)
        #expect(parsed.text == text)
        #expect(parsed.lines.map(\.type) == ["i", "u", "e", "c", "b", "t", "r", "z"])
        #expect(parsed.media[0].lines.map(\.type) == ["i", "b", "k"])
        #expect(parsed.media[0].numberOfPorts == 2)
        #expect(parsed.media[0].codecs.first?.rtpMap?.encodingName == "PCMU")
        #expect(parsed.media[1].codecs.isEmpty && parsed.media[1].isRejected)
        #expect(parsed.explicitDirection == .recvonly)
        #expect(parsed.value("x-unknown") == "value with spaces")
    }
}
