import Testing
import RTP

@Suite("Keyframe requests (PLI, RFC 4585 §6.3.1) on a mock clock")
struct RTPKeyframeRequesterTests {
    static func unit(keyframe: Bool, timestamp: UInt32) -> H264RTPDepacketizerOutput {
        .accessUnit(H264AccessUnit(annexB: [0, 0, 0, 1, keyframe ? 0x65 : 0x41], rtpTimestamp: timestamp,
                                   isKeyframe: keyframe, hasParameterSets: false))
    }

    @Test("Joining mid-stream: PLI at once, P frames held back, rate-limited retries, decoding from the keyframe on")
    func join() {
        var requester = RTPKeyframeRequester(minimumInterval: .milliseconds(500))
        var sent: [Duration] = []
        var decoded: [UInt32] = []
        for step in 0..<40 {
            let now = Duration.milliseconds(step * 33)
            if requester.shouldSendPictureLossIndication(at: now) { sent.append(now) }
            let output = Self.unit(keyframe: step == 25, timestamp: UInt32(step))
            if let unit = requester.admit(output) { decoded.append(unit.rtpTimestamp) }
        }
        #expect(sent == [.zero, .milliseconds(528)])  // 0 ms, then the first tick ≥ 500 ms later
        #expect(decoded == Array(25..<40))
        #expect(requester.heldBackCount == 25)
        #expect(requester.requestCount == 2)
        #expect(!requester.isWaitingForKeyframe)
        #expect(requester.nextDeadline == nil)
    }

    @Test("A discarded access unit stops decoding until the next keyframe and asks for one")
    func discard() {
        var requester = RTPKeyframeRequester(minimumInterval: .milliseconds(300))
        #expect(requester.admit(Self.unit(keyframe: true, timestamp: 1)) != nil)
        #expect(requester.admit(Self.unit(keyframe: false, timestamp: 2)) != nil)
        let noRequest = requester.shouldSendPictureLossIndication(at: .seconds(1))
        #expect(!noRequest)
        #expect(requester.admit(.discarded(rtpTimestamp: 3, reason: .rfc6184FragmentLost(expected: 9, received: 10))) == nil)
        #expect(requester.admit(Self.unit(keyframe: false, timestamp: 4)) == nil)
        let request = requester.shouldSendPictureLossIndication(at: .seconds(2))
        #expect(request)
        #expect(requester.nextDeadline == .milliseconds(2300))
        #expect(requester.admit(Self.unit(keyframe: true, timestamp: 5)) != nil)
        let afterKeyframe = requester.shouldSendPictureLossIndication(at: .seconds(3))
        #expect(!afterKeyframe)
    }

    @Test("A decoder failure also waits for a keyframe")
    func decoderFailure() {
        var requester = RTPKeyframeRequester()
        _ = requester.admit(Self.unit(keyframe: true, timestamp: 1))
        requester.decoderCannotContinue()
        #expect(requester.admit(Self.unit(keyframe: false, timestamp: 2)) == nil)
        let request = requester.shouldSendPictureLossIndication(at: .seconds(5))
        #expect(request)
    }
}
