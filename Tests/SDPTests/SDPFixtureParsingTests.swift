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
}
