import SDP
import Testing

/// The camera as offerer: our offer, and answers to it from ourselves and from real peers.
@Suite struct SDPOffererTests {
    @Test func cameraOfferIsSendonlyBundledActpass() throws {
        let offer = SDPOfferer.offer(cameraParameters())
        let parsed = try SDPSessionDescription(parsing: offer.text)
        #expect(parsed == offer)
        #expect(parsed.bundleGroup?.mids == ["0", "1"])
        #expect(parsed.media.map(\.media) == ["video", "audio"])
        for section in parsed.media {
            #expect(section.direction == .sendonly)
            #expect(section.setupRole == .actpass)
            #expect(section.hasRTCPMux && section.hasRTCPReducedSize)
            #expect(section.iceUfrag == "PcAm" && section.icePwd == "peercamIcePasswordOf24ch")
            #expect(section.fingerprints == [SDPFingerprint(algorithm: "sha-256", bytes: Array(0..<32))])
        }
        let video = parsed.media[0]
        let h264 = try #require(video.codecs.first)
        #expect(h264.payloadType == 102 && h264.parameter("packetization-mode") == "1" && h264.parameter("profile-level-id") == "42e01f")
        #expect(video.codecs[1].parameter("apt") == "102")
        #expect(video.ssrcGroups == [SDPSSRCGroup(semantics: "FID", ssrcs: [0x1111_1111, 0x2222_2222])])
        #expect(video.candidates.count == 1 && video.hasEndOfCandidates)
        #expect(parsed.media[1].candidates.isEmpty)
        #expect(parsed.media[1].codecs.first?.rtpMap == SDPRTPMap(payloadType: 111, encodingName: "opus", clockRate: 48_000, channels: 2))
    }

    @Test func offerIsDeterministic() {
        #expect(SDPOfferer.offer(cameraParameters()).text == SDPOfferer.offer(cameraParameters()).text)
    }

    /// The offer a PeerCam camera sends, kept as a fixture so generator scripts can have real
    /// peers answer it (see Fixtures/README.md). It must stay what `SDPOfferer` writes.
    @Test func offerMatchesTheFixtureRealPeersAnswered() throws {
        #expect(try SDPFixture(name: "peercam-camera-offer").text == SDPOfferer.offer(cameraParameters()).text)
    }

    @Test func selfAnswerRoundTrip() throws {
        let offer = SDPOfferer.offer(cameraParameters())
        var viewer = cameraParameters(direction: .recvonly)
        viewer.iceUfrag = "VwEr"
        let answer = try SDPAnswerer.answer(try SDPSessionDescription(parsing: offer.text), local: viewer)
        #expect(answer.session.video?.remoteSSRCs == [0x1111_1111, 0x2222_2222])
        #expect(answer.session.video?.remoteRTXSSRC == 0x2222_2222)
        #expect(answer.session.localSetupRole == .active)
        let session = try SDPOfferer.accept(answer: try SDPSessionDescription(parsing: answer.description.text),
                                            to: offer, local: cameraParameters())
        #expect(session.localSetupRole == .passive)
        #expect(session.remoteICE.ufrag == "VwEr")
        #expect(session.video?.payloadType == 102 && session.video?.rtxPayloadType == 103)
        #expect(session.video?.direction == .sendonly)
        #expect(session.audio?.payloadType == 111)
        #expect(session.video?.rtcpFeedback == SDPLocalParameters.supportedVideoFeedback)
        #expect(session.video?.extensionID(SDPLocalParameters.transportCCExtension) == 3)
        #expect(session.announcesCertificate(digest: Array(0..<32), algorithm: "SHA-256"))
        #expect(!session.announcesCertificate(digest: Array(1...32), algorithm: "sha-256"))
        #expect(!session.announcesCertificate(digest: Array(0..<32), algorithm: "sha-1"))
    }

    /// viewer-agent as offerer: recvonly offer, the camera answers sendonly, the viewer accepts.
    @Test func viewerOfferCameraAnswerRoundTrip() throws {
        var viewer = cameraParameters(direction: .recvonly)
        viewer.iceUfrag = "VwEr"
        let offer = SDPOfferer.offer(viewer)
        #expect(offer.media.allSatisfy { $0.direction == .recvonly && $0.ssrcs.isEmpty })
        let answer = try SDPAnswerer.answer(try SDPSessionDescription(parsing: offer.text), local: cameraParameters())
        #expect(answer.session.video?.direction == .sendonly)
        #expect(answer.session.remoteICE.ufrag == "VwEr")
        let session = try SDPOfferer.accept(answer: try SDPSessionDescription(parsing: answer.description.text),
                                            to: offer, local: viewer)
        #expect(session.video?.direction == .recvonly)
        #expect(session.video?.remoteSSRCs == [0x1111_1111, 0x2222_2222])
        #expect(session.video?.remoteRTXSSRC == 0x2222_2222)
        #expect(session.audio?.remoteSSRCs == [0x3333_3333])
        #expect(session.localSetupRole == .passive)
        #expect(session.remoteICE.candidates.map(\.address) == ["192.0.2.10"])
    }

    struct RealAnswer: Sendable, CustomTestStringConvertible {
        var fixture: SDPFixture
        var setup: SDPSetupRole
        var rtx: UInt8?
        var testDescription: String { fixture.name }
    }

    @Test(arguments: [
        RealAnswer(fixture: .init(name: "aiortc-answer-to-peercam"), setup: .passive, rtx: 103),
        RealAnswer(fixture: .init(name: "chromium-answer-to-peercam"), setup: .passive, rtx: 103),
    ])
    func acceptsRealAnswerToOurOffer(_ real: RealAnswer) throws {
        let offer = SDPOfferer.offer(cameraParameters())
        let session = try SDPOfferer.accept(answer: try real.fixture.description, to: offer, local: cameraParameters())
        #expect(session.localSetupRole == real.setup)
        #expect(session.video?.payloadType == 102)
        #expect(session.video?.rtxPayloadType == real.rtx)
        #expect(session.video?.direction == .sendonly)
        #expect(session.audio?.direction == .sendonly)
        #expect(session.remoteFingerprint != nil)
        #expect(!session.remoteICE.ufrag.isEmpty)
    }

    @Test func refusesAnswerWithCodecWeDidNotOffer() throws {
        let offer = SDPOfferer.offer(cameraParameters())
        let text = try answerText().replacingAll("102", with: "98")
        #expect(throws: SDPNegotiationError.answerCodecNotOffered(mid: "0", payloadType: 98)) {
            try SDPOfferer.accept(answer: try SDPSessionDescription(parsing: text), to: offer, local: cameraParameters())
        }
    }

    @Test func refusesAnswerWithActpassOrWrongMidsOrNoFingerprint() throws {
        let offer = SDPOfferer.offer(cameraParameters())
        let text = try answerText()
        let cases: [(String, SDPNegotiationError)] = [
            (text.replacingAll("a=setup:active", with: "a=setup:actpass"), .unsupportedSetupRole(.actpass)),
            (text.replacingAll("a=mid:1", with: "a=mid:9"), .answerDoesNotMatchOffer(sectionIndex: 1)),
            (text.replacingAll("a=recvonly", with: "a=sendrecv"), .mediaDirection(mid: "0", remote: .sendrecv)),
            (text.split(separator: "\r\n").filter { !$0.hasPrefix("a=fingerprint") }.map { $0 + "\r\n" }.joined(),
             .missingFingerprint),
        ]
        for (answer, error) in cases {
            #expect(throws: error) {
                try SDPOfferer.accept(answer: try SDPSessionDescription(parsing: answer), to: offer, local: cameraParameters())
            }
        }
    }

    /// Our own viewer's answer to our camera offer, as text.
    func answerText() throws -> String {
        let offer = SDPOfferer.offer(cameraParameters())
        return try SDPAnswerer.answer(offer, local: cameraParameters(direction: .recvonly)).description.text
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
