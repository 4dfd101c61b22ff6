import Foundation
import SDP
import Testing

/// Offers the camera cannot serve are refused with an error naming what is missing.
@Suite struct SDPNegotiationErrorTests {
    static let fingerprint = "a=fingerprint:sha-256 " + (0..<32).map { _ in "5A" }.joined(separator: ":")

    static func video(_ codecs: String = h264("42e01f"), direction: String = "recvonly", mid: String = "0",
                      extra: String = "a=rtcp-mux\r\n") -> String {
        let formats = codecs.split(separator: "\r\n").compactMap { line -> String? in
            guard line.hasPrefix("a=rtpmap:") else { return nil }
            return String(line.dropFirst(9).prefix { $0 != " " })
        }.joined(separator: " ")
        return "m=video 9 UDP/TLS/RTP/SAVPF \(formats)\r\nc=IN IP4 0.0.0.0\r\na=mid:\(mid)\r\na=\(direction)\r\n\(extra)\(codecs)"
    }

    static func h264(_ profile: String, mode: String = "1", pt: Int = 102) -> String {
        "a=rtpmap:\(pt) H264/90000\r\na=rtcp-fb:\(pt) nack pli\r\na=fmtp:\(pt) packetization-mode=\(mode);profile-level-id=\(profile)\r\n"
    }

    static func audio(_ codec: String = "a=rtpmap:111 opus/48000/2\r\n", mid: String = "1", direction: String = "recvonly") -> String {
        let pt = codec.dropFirst(9).prefix { $0 != " " }
        return "m=audio 9 UDP/TLS/RTP/SAVPF \(pt)\r\nc=IN IP4 0.0.0.0\r\na=mid:\(mid)\r\na=\(direction)\r\na=rtcp-mux\r\n\(codec)"
    }

    static func offer(_ sections: [String], bundle: String? = "0 1", transport: String? = nil) -> String {
        var text = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
        if let bundle { text += "a=group:BUNDLE \(bundle)\r\n" }
        text += transport ?? "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n\(fingerprint)\r\na=setup:actpass\r\n"
        return text + sections.joined()
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var offer: String
        var local: SDPLocalParameters
        var error: SDPNegotiationError
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        .init(name: "H264 missing", offer: offer([video("a=rtpmap:96 VP8/90000\r\n"), audio()]),
              local: cameraParameters(), error: .noH264(mid: "0")),
        .init(name: "H264 only in packetization-mode 0", offer: offer([video(h264("42e01f", mode: "0")), audio()]),
              local: cameraParameters(), error: .noH264PacketizationMode1(mid: "0")),
        .init(name: "H264 profile mismatch (High 4:4:4, Extended)",
              offer: offer([video(h264("f4001f") + h264("58001f", pt: 104)), audio()]),
              local: cameraParameters(), error: .noCompatibleH264Profile(mid: "0", offered: ["f4001f", "58001f"])),
        .init(name: "Opus only, video required", offer: offer([audio(mid: "0")], bundle: "0"),
              local: cameraParameters(), error: .missingMedia(.video)),
        .init(name: "video only, audio required", offer: offer([video()], bundle: "0"),
              local: cameraParameters(audio: .required), error: .missingMedia(.audio)),
        .init(name: "no Opus, audio required", offer: offer([video(), audio("a=rtpmap:0 PCMU/8000\r\n")]),
              local: cameraParameters(audio: .required), error: .noOpus(mid: "1")),
        .init(name: "Opus mono is not RFC 7587 Opus", offer: offer([video(), audio("a=rtpmap:111 opus/48000\r\n")]),
              local: cameraParameters(audio: .required), error: .noOpus(mid: "1")),
        .init(name: "no BUNDLE group", offer: offer([video(), audio()], bundle: nil),
              local: cameraParameters(), error: .noBundleableTransport(.noBundleGroup)),
        .init(name: "audio outside BUNDLE", offer: offer([video(), audio()], bundle: "0"),
              local: cameraParameters(), error: .noBundleableTransport(.sectionOutsideBundle(mid: "1"))),
        .init(name: "no rtcp-mux", offer: offer([video(extra: ""), audio()]),
              local: cameraParameters(), error: .noBundleableTransport(.missingRTCPMux(mid: "0"))),
        .init(name: "plain RTP/AVP", offer: offer([video().replacingOccurrences(of: "UDP/TLS/RTP/SAVPF", with: "RTP/AVP"), audio()]),
              local: cameraParameters(), error: .noBundleableTransport(.unsupportedProtocol(mid: "0", transportProtocol: "RTP/AVP"))),
        .init(name: "no fingerprint", offer: offer([video(), audio()], transport: "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n"),
              local: cameraParameters(), error: .missingFingerprint),
        .init(name: "no ICE credentials", offer: offer([video(), audio()], transport: fingerprint + "\r\n"),
              local: cameraParameters(), error: .missingICECredentials),
        .init(name: "setup holdconn",
              offer: offer([video(), audio()], transport: "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n\(fingerprint)\r\na=setup:holdconn\r\n"),
              local: cameraParameters(), error: .unsupportedSetupRole(.holdconn)),
        .init(name: "camera offered video it should receive", offer: offer([video(direction: "sendonly"), audio()]),
              local: cameraParameters(), error: .mediaDirection(mid: "0", remote: .sendonly)),
        .init(name: "viewer offered video it should send", offer: offer([video(direction: "recvonly"), audio()]),
              local: cameraParameters(direction: .recvonly), error: .mediaDirection(mid: "0", remote: .recvonly)),
        .init(name: "section without mid", offer: offer([video().replacingOccurrences(of: "a=mid:0\r\n", with: "")], bundle: nil),
              local: cameraParameters(), error: .missingMid(sectionIndex: 0)),
    ]

    @Test(arguments: cases)
    func refusesOfferNamingWhatIsMissing(_ testCase: Case) throws {
        let offer = try SDPSessionDescription(parsing: testCase.offer)
        #expect(throws: testCase.error) { try SDPAnswerer.answer(offer, local: testCase.local) }
    }

    @Test func opusOnlyOfferIsServedWhenVideoIsOptional() throws {
        let offer = try SDPSessionDescription(parsing: Self.offer([Self.audio(mid: "0")], bundle: "0"))
        let answer = try SDPAnswerer.answer(offer, local: cameraParameters(video: .optional, audio: .required))
        #expect(answer.session.media.map(\.kind) == [.audio])
        #expect(answer.session.audio?.payloadType == 111)
    }

    @Test func videoOnlyOfferIsServedWhenAudioIsOptional() throws {
        let offer = try SDPSessionDescription(parsing: Self.offer([Self.video()], bundle: "0"))
        let answer = try SDPAnswerer.answer(offer, local: cameraParameters())
        #expect(answer.session.media.map(\.kind) == [.video])
        #expect(answer.session.bundleMids == ["0"])
    }

    @Test func optionalAudioWithoutOpusIsRejectedNotFatal() throws {
        let offer = try SDPSessionDescription(parsing: Self.offer([Self.video(), Self.audio("a=rtpmap:0 PCMU/8000\r\n")]))
        let answer = try SDPAnswerer.answer(offer, local: cameraParameters())
        #expect(answer.session.media.map(\.mid) == ["0"])
        let rejected = try #require(answer.description.section(mid: "1"))
        #expect(rejected.port == 0 && rejected.isRejected)
        #expect(answer.description.bundleGroup?.mids == ["0"])
    }

    /// Main (4d001f) decodes Constrained Baseline: the documented fallback when nothing better is offered,
    /// ranked after Baseline when both are.
    @Test func mainProfileIsTheFallback() throws {
        let mainOnly = try SDPSessionDescription(parsing: Self.offer([Self.video(Self.h264("4d001f"))], bundle: "0"))
        #expect(try SDPAnswerer.answer(mainOnly, local: cameraParameters()).session.video?.h264ProfileLevelID?.description == "4d001f")
        let both = try SDPSessionDescription(parsing: Self.offer([Self.video(Self.h264("4d001f") + Self.h264("42001f", pt: 104))], bundle: "0"))
        #expect(try SDPAnswerer.answer(both, local: cameraParameters()).session.video?.payloadType == 104)
    }

    @Test func missingProfileLevelIDMeansBaseline() throws {
        let codec = "a=rtpmap:102 H264/90000\r\na=fmtp:102 packetization-mode=1\r\n"
        let offer = try SDPSessionDescription(parsing: Self.offer([Self.video(codec)], bundle: "0"))
        #expect(try SDPAnswerer.answer(offer, local: cameraParameters()).session.video?.h264ProfileLevelID?.description == "42000a")
    }

    @Test(arguments: [("actpass", SDPSetupRole.active), ("passive", .active), ("active", .passive)])
    func setupRoleFollowsRFC5763(_ offered: String, _ ours: SDPSetupRole) throws {
        let transport = "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n\(Self.fingerprint)\r\na=setup:\(offered)\r\n"
        let offer = try SDPSessionDescription(parsing: Self.offer([Self.video()], bundle: "0", transport: transport))
        let answer = try SDPAnswerer.answer(offer, local: cameraParameters())
        #expect(answer.session.localSetupRole == ours)
        #expect(answer.description.media[0].setupRole == ours)
    }
}


extension SDPNegotiationErrorTests {
    @Test func errorsReadAsSentences() {
        #expect(SDPNegotiationError.noH264PacketizationMode1(mid: "0").description
            == "section 0 offers H264 only without packetization-mode=1")
        #expect(SDPNegotiationError.noBundleableTransport(.missingRTCPMux(mid: "1")).description
            == "sections cannot share one transport: section 1 has no a=rtcp-mux")
    }
}
