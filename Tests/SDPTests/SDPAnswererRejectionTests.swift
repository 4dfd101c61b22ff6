import Foundation
import SDP
import Testing

/// Sections the camera does not serve are rejected in the answer, not fatal.
@Suite struct SDPAnswererRejectionTests {
    @Test func dataChannelAndSecondVideoAreRejectedWithPortZero() throws {
        let data = "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\na=sctp-port:5000\r\n"
        let text = SDPNegotiationErrorTests.offer(
            [SDPNegotiationErrorTests.video(), SDPNegotiationErrorTests.audio(), data,
             SDPNegotiationErrorTests.video(mid: "3")], bundle: "0 1 2 3")
        let answer = try SDPAnswerer.answer(try SDPSessionDescription(parsing: text), local: cameraParameters())
        #expect(answer.session.media.map(\.mid) == ["0", "1"])
        #expect(answer.description.bundleGroup?.mids == ["0", "1"])
        let sections = answer.description.media
        #expect(sections.map(\.mid) == ["0", "1", "2", "3"])
        #expect(sections.map(\.port) == [9, 9, 0, 0])
        #expect(sections[2].media == "application" && sections[2].formats == ["webrtc-datachannel"])
        #expect(try SDPSessionDescription(parsing: answer.description.text) == answer.description)
    }

    @Test func iceLiteRemoteIsReported() throws {
        let text = SDPNegotiationErrorTests.offer([SDPNegotiationErrorTests.video()], bundle: "0")
            .replacingOccurrences(of: "t=0 0\r\n", with: "t=0 0\r\na=ice-lite\r\n")
        let answer = try SDPAnswerer.answer(try SDPSessionDescription(parsing: text), local: cameraParameters())
        #expect(answer.session.remoteICE.isLite)
    }

    @Test func rejectedOfferSectionStaysRejected() throws {
        let rejected = SDPNegotiationErrorTests.audio().replacingOccurrences(of: "m=audio 9 ", with: "m=audio 0 ")
        let text = SDPNegotiationErrorTests.offer([SDPNegotiationErrorTests.video(), rejected], bundle: "0")
        let answer = try SDPAnswerer.answer(try SDPSessionDescription(parsing: text), local: cameraParameters())
        #expect(answer.session.media.map(\.kind) == [.video])
        #expect(answer.description.media.map(\.port) == [9, 0])
    }

    @Test func laterVideoSectionWithH264IsUsedWhenTheFirstHasNone() throws {
        let vp8 = SDPNegotiationErrorTests.video("a=rtpmap:96 VP8/90000\r\n", mid: "0")
        let h264 = SDPNegotiationErrorTests.video(mid: "1")
        let text = SDPNegotiationErrorTests.offer([vp8, h264], bundle: "0 1")
        let answer = try SDPAnswerer.answer(try SDPSessionDescription(parsing: text), local: cameraParameters())
        #expect(answer.session.video?.mid == "1")
        #expect(answer.description.media.map(\.port) == [0, 9])
    }

    @Test func optionalAudioWithoutRTCPMuxIsRejectedNotFatal() throws {
        let audio = SDPNegotiationErrorTests.audio().replacingOccurrences(of: "a=rtcp-mux\r\n", with: "")
        let text = SDPNegotiationErrorTests.offer([SDPNegotiationErrorTests.video(), audio])
        let answer = try SDPAnswerer.answer(try SDPSessionDescription(parsing: text), local: cameraParameters())
        #expect(answer.session.media.map(\.kind) == [.video])
        #expect(throws: SDPNegotiationError.noBundleableTransport(.missingRTCPMux(mid: "1"))) {
            try SDPAnswerer.answer(try SDPSessionDescription(parsing: text), local: cameraParameters(audio: .required))
        }
    }
}
