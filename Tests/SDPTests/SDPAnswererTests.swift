import SDP
import Testing

/// Answering remote offers as the camera (RFC 3264 §6, RFC 8829 §5.3, RFC 5763 §5).
@Suite struct SDPAnswererTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var fixture: SDPFixture
        var videoPayloadType: UInt8
        var profile: String
        var rtx: UInt8?
        var opus: UInt8?
        var video: SDPDirection
        var audio: SDPDirection?
        var setup: SDPSetupRole
        var testDescription: String { fixture.name }
    }

    /// The camera answers each real offer: H264 packetization-mode 1 Constrained Baseline first,
    /// its RTX, Opus 48000/2, directions narrowed to sending.
    static let cases: [Case] = [
        .init(fixture: .init(name: "aiortc-recvonly-offer"), videoPayloadType: 101, profile: "42e01f", rtx: 102, opus: 96,
              video: .sendonly, audio: .sendonly, setup: .active),
        .init(fixture: .init(name: "aiortc-sendrecv-offer"), videoPayloadType: 101, profile: "42e01f", rtx: 102, opus: 96,
              video: .sendonly, audio: .sendonly, setup: .active),
        .init(fixture: .init(name: "chromium-recvonly-offer"), videoPayloadType: 108, profile: "42e01f", rtx: 109, opus: 111,
              video: .sendonly, audio: .sendonly, setup: .active),
        .init(fixture: .init(name: "chromium-sendrecv-offer"), videoPayloadType: 108, profile: "42e01f", rtx: 109, opus: 111,
              video: .sendonly, audio: .sendonly, setup: .active),
        .init(fixture: .init(name: "firefox-offer"), videoPayloadType: 126, profile: "42e01f", rtx: 127, opus: 109,
              video: .sendonly, audio: .sendonly, setup: .active),
        .init(fixture: .init(name: "gstreamer-recvonly-offer"), videoPayloadType: 102, profile: "42e01f", rtx: nil, opus: 111,
              video: .sendonly, audio: .sendonly, setup: .active),
    ]

    @Test(arguments: cases)
    func answersRealOffer(_ testCase: Case) throws {
        let offer = try testCase.fixture.description
        let answer = try SDPAnswerer.answer(offer, local: cameraParameters())
        let session = answer.session
        let video = try #require(session.video)
        #expect(video.payloadType == testCase.videoPayloadType)
        #expect(video.h264ProfileLevelID?.description == testCase.profile)
        #expect(video.rtxPayloadType == testCase.rtx)
        #expect(video.direction == testCase.video)
        #expect(video.localSSRC == 0x1111_1111)
        #expect(video.localRTXSSRC == (testCase.rtx == nil ? nil : 0x2222_2222))
        #expect(session.audio?.payloadType == testCase.opus)
        #expect(session.audio?.direction == testCase.audio)
        #expect(session.localSetupRole == testCase.setup)
        #expect(session.remoteFingerprint?.algorithm == "sha-256")
        #expect(session.bundleMids == offer.bundleGroup?.mids)

        // The answer text parses and keeps the offer's mids in order, one section per offered one.
        let reparsed = try SDPSessionDescription(parsing: answer.description.text)
        #expect(reparsed == answer.description)
        #expect(reparsed.media.map(\.mid) == offer.media.map(\.mid))
        #expect(reparsed.bundleGroup?.mids == offer.bundleGroup?.mids)
        let answeredVideo = try #require(reparsed.section(mid: video.mid))
        #expect(answeredVideo.formats == [String(testCase.videoPayloadType)] + (testCase.rtx.map { [String($0)] } ?? []))
        #expect(answeredVideo.setupRole == .active)
        #expect(answeredVideo.direction == .sendonly)
        #expect(answeredVideo.ssrcGroups.first?.ssrcs == (testCase.rtx == nil ? nil : [0x1111_1111, 0x2222_2222]))
        // Feedback in the answer is what the offer had for that payload type and we support.
        let offeredFeedback = Set(try #require(offer.section(mid: video.mid)).codecs
            .first { $0.payloadType == testCase.videoPayloadType }?.feedback.map(\.kind) ?? [])
        #expect(Set(video.rtcpFeedback) == offeredFeedback.intersection(SDPLocalParameters.supportedVideoFeedback))
        // Our candidates travel once, in the BUNDLE-tag section (RFC 8843 §7.1.3).
        let tag = try #require(session.bundleMids.first)
        #expect(reparsed.section(mid: tag)?.candidates.map(\.address) == ["192.0.2.10"])
        #expect(reparsed.media.filter { $0.mid != tag }.allSatisfy { $0.candidates.isEmpty })
    }

    @Test func answersGStreamerBundleOnlyAudio() throws {
        let offer = try SDPFixture(name: "gstreamer-recvonly-offer").description
        let answer = try SDPAnswerer.answer(offer, local: cameraParameters())
        #expect(answer.session.media.map(\.mid) == ["video0", "audio1"])
        #expect(answer.description.media.allSatisfy { $0.port == 9 })
    }

    struct SendingOffer: Sendable, CustomTestStringConvertible {
        var fixture: SDPFixture
        var videoMid: String
        var videoSSRCs: [UInt32]
        var opusStereo: String?
        var candidates: Int
        var testDescription: String { fixture.name }
    }

    /// A viewer answers offers from peers that send (OBS WHIP, GStreamer webrtcbin sendonly).
    @Test(arguments: [
        SendingOffer(fixture: .init(name: "obs-whip-offer"), videoMid: "1", videoSSRCs: [2_168_349_680], opusStereo: "1",
                     candidates: 3),
        SendingOffer(fixture: .init(name: "gstreamer-sendonly-offer"), videoMid: "video0", videoSSRCs: [], opusStereo: nil,
                     candidates: 0),
    ])
    func viewerAnswersSendingOffer(_ sending: SendingOffer) throws {
        let offer = try sending.fixture.description
        let answer = try SDPAnswerer.answer(offer, local: cameraParameters(direction: .recvonly))
        let video = try #require(answer.session.video)
        #expect(video.mid == sending.videoMid && video.direction == .recvonly)
        #expect(video.remoteSSRCs == sending.videoSSRCs)
        #expect(video.localSSRC == nil)
        #expect(answer.session.audio?.direction == .recvonly)
        #expect(answer.session.audio?.remoteParameters?["stereo"] == sending.opusStereo)
        #expect(answer.session.remoteICE.candidates.count == sending.candidates)
        #expect(answer.session.remoteFingerprints.count == 1)
        #expect(answer.description.media.allSatisfy { $0.ssrcs.isEmpty && $0.direction == .recvonly })
    }

    @Test(arguments: [("obs-whip-offer", "1"), ("gstreamer-sendonly-offer", "video0")])
    func cameraRefusesAnOfferThatOnlySends(_ name: String, _ videoMid: String) throws {
        let offer = try SDPFixture(name: name).description
        #expect(throws: SDPNegotiationError.mediaDirection(mid: videoMid, remote: .sendonly)) {
            try SDPAnswerer.answer(offer, local: cameraParameters())
        }
    }
}
