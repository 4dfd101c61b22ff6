import RTCP
import Testing
@testable import RTPFeedback

@Suite("Keyframe requests from PLI (RFC 4585 §6.3.1), FIR (RFC 5104 §4.3.1) and joins, rate-limited")
struct KeyframeRequestThrottleTests {
    typealias Trigger = KeyframeRequestThrottle.Trigger

    /// Triggers at milliseconds → expected decisions, with a 500 ms limit.
    @Test("PLIs from any peer: the first goes up at once, the rest within 500 ms are coalesced into one",
          arguments: [
              ([(0, Trigger.pictureLossIndication(peer: 1))], [KeyframeRequestThrottle.Decision.requestKeyframe]),
              ([(0, .pictureLossIndication(peer: 1)), (100, .pictureLossIndication(peer: 2)), (200, .pictureLossIndication(peer: 1))],
               [.requestKeyframe, .deferred(until: .milliseconds(500)), .deferred(until: .milliseconds(500))]),
              ([(0, .pictureLossIndication(peer: 1)), (500, .pictureLossIndication(peer: 1))], [.requestKeyframe, .requestKeyframe]),
              ([(0, .pictureLossIndication(peer: 1)), (499, .pictureLossIndication(peer: 1))],
               [.requestKeyframe, .deferred(until: .milliseconds(500))]),
              ([(0, .pictureLossIndication(peer: 1)), (100, .peerJoined(peer: 3))], [.requestKeyframe, .requestKeyframe]),
          ])
    func pictureLossRateLimit(triggers: [(Int, Trigger)], expected: [KeyframeRequestThrottle.Decision]) {
        var throttle = KeyframeRequestThrottle()
        let decisions = triggers.map { throttle.handle($0.1, at: .milliseconds($0.0)) }
        #expect(decisions == expected)
    }

    @Test("A burst of 50 PLIs over 1 s makes at most 3 encoder requests, and the last PLI is served")
    func burst() {
        var throttle = KeyframeRequestThrottle()
        var requests = 0
        for millisecond in stride(from: 0, to: 1000, by: 20) {
            if throttle.poll(at: .milliseconds(millisecond)) { requests += 1 }
            if throttle.handle(.pictureLossIndication(peer: millisecond % 3), at: .milliseconds(millisecond)) == .requestKeyframe {
                requests += 1
            }
        }
        #expect(throttle.nextDeadline == .milliseconds(1_000))
        #expect(throttle.poll(at: .milliseconds(999)) == false)
        if throttle.poll(at: .milliseconds(1_000)) { requests += 1 }
        #expect(requests == 3)
        #expect(throttle.requestCount == 3)
        #expect(throttle.nextDeadline == nil)
        #expect(throttle.poll(at: .seconds(5)) == false)
    }

    @Test("RFC 5104 §4.3.1.1: a FIR repeated with the same sequence number is not a new request; a new number is")
    func fullIntraRequestDeduplication() {
        var throttle = KeyframeRequestThrottle()
        #expect(throttle.handle(.fullIntraRequest(peer: 1, sequenceNumber: 7), at: .zero) == .requestKeyframe)
        #expect(throttle.handle(.fullIntraRequest(peer: 1, sequenceNumber: 7), at: .seconds(1)) == .repeatedFullIntraRequest)
        #expect(throttle.handle(.fullIntraRequest(peer: 1, sequenceNumber: 7), at: .seconds(2)) == .repeatedFullIntraRequest)
        // Sequence numbers are per requester: peer 2's 7 is its own first FIR.
        #expect(throttle.handle(.fullIntraRequest(peer: 2, sequenceNumber: 7), at: .seconds(3)) == .requestKeyframe)
        #expect(throttle.handle(.fullIntraRequest(peer: 1, sequenceNumber: 8), at: .seconds(4)) == .requestKeyframe)
        #expect(throttle.repeatedFullIntraRequestCount == 2)
        #expect(throttle.requestCount == 3)
    }

    @Test("FIR messages: only entries naming this stream count, repeats are deduplicated")
    func fullIntraRequestMessage() throws {
        var throttle = KeyframeRequestThrottle()
        let message = RTCPFullIntraRequest(senderSSRC: 0xAA, entries: [.init(ssrc: 0x99, sequenceNumber: 1),
                                                                       .init(ssrc: 0x42, sequenceNumber: 5)])
        let parsed = try RTCPFullIntraRequest(unmarshaling: message.marshaled())
        #expect(throttle.handle(parsed, peer: 1, mediaSSRC: 0x42, at: .zero) == .requestKeyframe)
        #expect(throttle.handle(parsed, peer: 1, mediaSSRC: 0x42, at: .seconds(1)) == .repeatedFullIntraRequest)
        #expect(throttle.handle(parsed, peer: 1, mediaSSRC: 0x77, at: .seconds(2)) == nil)
    }

    @Test("A joining peer gets a keyframe at once even right after another request")
    func joinBypassesLimit() {
        var throttle = KeyframeRequestThrottle()
        #expect(throttle.handle(.peerJoined(peer: 1), at: .zero) == .requestKeyframe)
        #expect(throttle.handle(.peerJoined(peer: 2), at: .milliseconds(10)) == .requestKeyframe)
        #expect(throttle.handle(.pictureLossIndication(peer: 1), at: .milliseconds(20)) == .deferred(until: .milliseconds(510)))
    }

    @Test("A keyframe the encoder sends after a deferred request satisfies it; one sent before does not")
    func keyframeSentSatisfiesPending() {
        var throttle = KeyframeRequestThrottle()
        _ = throttle.handle(.pictureLossIndication(peer: 1), at: .zero)
        _ = throttle.handle(.pictureLossIndication(peer: 1), at: .milliseconds(100))
        throttle.keyframeSent(at: .milliseconds(150))  // periodic IDR after the deferred PLI
        #expect(throttle.nextDeadline == nil)
        #expect(throttle.poll(at: .seconds(1)) == false)
        #expect(throttle.handle(.pictureLossIndication(peer: 1), at: .milliseconds(200)) == .deferred(until: .milliseconds(650)))
        #expect(throttle.coalescedCount == 2)
    }
}
