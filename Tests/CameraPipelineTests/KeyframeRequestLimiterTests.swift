import CameraPipeline
import Media
import Testing

/// RFC 4585 §6.3.1 / RFC 5104 §4.3.1 requests become IDRs at a bounded rate.
struct KeyframeRequestLimiterTests {
    private static func at(_ milliseconds: UInt64) -> MediaTime { MediaTime(nanoseconds: milliseconds * 1_000_000) }

    /// (milliseconds since the last IDR when the next frame is captured, forced?)
    @Test(arguments: [(0 as UInt64, false), (100, false), (499, false), (500, true), (2_000, true)])
    func pictureLossIsHeldBackUntilTheIntervalEnds(elapsed: UInt64, forced: Bool) {
        var limiter = KeyframeRequestLimiter(minimumInterval: .milliseconds(500))
        limiter.keyframeEncoded(at: Self.at(1_000))
        limiter.requestKeyframe()
        let forced1 = limiter.shouldForceKeyframe(at: Self.at(1_000 + elapsed))
        #expect(forced1 == forced)
    }

    @Test func heldBackRequestIsServedLaterNotDropped() {
        var limiter = KeyframeRequestLimiter(minimumInterval: .milliseconds(500))
        limiter.keyframeEncoded(at: Self.at(0))
        limiter.requestKeyframe()
        let forced2 = limiter.shouldForceKeyframe(at: Self.at(100))
        #expect(!forced2)
        let forced3 = limiter.shouldForceKeyframe(at: Self.at(533))
        #expect(forced3)
        let forced4 = limiter.shouldForceKeyframe(at: Self.at(566))
        #expect(!forced4, "served once")
    }

    @Test func joinIsNotRateLimited() {
        var limiter = KeyframeRequestLimiter(minimumInterval: .milliseconds(500))
        limiter.keyframeEncoded(at: Self.at(0))
        limiter.requestKeyframeForJoin()
        let forced5 = limiter.shouldForceKeyframe(at: Self.at(1))
        #expect(forced5)
    }

    @Test func anyKeyframeSatisfiesPendingRequests() {
        var limiter = KeyframeRequestLimiter(minimumInterval: .milliseconds(500))
        limiter.requestKeyframe()
        limiter.requestKeyframe()
        limiter.requestKeyframe()
        #expect(limiter.coalescedCount == 2)
        limiter.keyframeEncoded(at: Self.at(0))
        let forced6 = limiter.shouldForceKeyframe(at: Self.at(10_000))
        #expect(!forced6)
    }

    @Test func firstRequestWithNoKeyframeYetIsServedAtOnce() {
        var limiter = KeyframeRequestLimiter(minimumInterval: .seconds(1))
        limiter.requestKeyframe()
        let forced7 = limiter.shouldForceKeyframe(at: Self.at(0))
        #expect(forced7)
    }
}
