@testable import CameraPipeline
import H264
import Media
import RTP
import Testing

/// The fan-out's keyframe gate on its own, fed real encoder output in a chosen order: in a
/// running stream a joiner's IDR follows so fast that the gate is rarely what protects it.
struct CameraRTPFanOutTests {
    /// An IDR and the P-frame after it, from the real encoder.
    private func encodedPair() throws -> (keyframe: EncodedVideoFrame, delta: EncodedVideoFrame) {
        let encoder = try H264Encoder(configuration: H264EncoderConfiguration(width: 320, height: 240))
        var pattern = TestPatternSource(width: 320, height: 240, framesPerSecond: 30)
        let keyframe = try #require(try encoder.encode(pattern.nextFrame()))
        let delta = try #require(try encoder.encode(pattern.nextFrame()))
        #expect(keyframe.isKeyframe && !delta.isKeyframe)
        return (keyframe, delta)
    }

    @Test func newSubscriberGetsNoDeltaBeforeItsFirstIDR() throws {
        let (keyframe, delta) = try encodedPair()
        let fanOut = try CameraRTPFanOut(configuration: testStreamConfiguration(), observer: nil)
        let old = RecordingSubscriber(), new = RecordingSubscriber()
        let oldSubscription = CameraStreamSubscription(subscriber: old)
        _ = try fanOut.add(oldSubscription, limit: 8)
        try fanOut.deliver(keyframe)
        _ = try fanOut.add(CameraStreamSubscription(subscriber: new), limit: 8)

        try fanOut.deliver(delta)
        #expect(new.received.video.isEmpty, "a P-frame never reaches a subscriber without its reference")
        #expect(old.received.videoAccessUnits == 2)

        try fanOut.deliver(keyframe)
        try fanOut.deliver(delta)
        let units = try testCompleteAccessUnits(from: new.received.video)
        #expect(units.map { $0?.isKeyframe } == [true, false], "from the IDR on, everything")
        #expect(oldSubscription.hasReceivedKeyframe)
    }

    @Test func removedSubscriberIsSkippedAndAddRefusesDuplicatesAndOverflow() throws {
        let fanOut = try CameraRTPFanOut(configuration: testStreamConfiguration(), observer: nil)
        let subscriber = RecordingSubscriber()
        let subscription = CameraStreamSubscription(subscriber: subscriber)
        #expect(try fanOut.add(subscription, limit: 1) == 1)
        #expect(throws: CameraStreamSubscribeError.alreadySubscribed) {
            try fanOut.add(CameraStreamSubscription(subscriber: subscriber), limit: 2)
        }
        #expect(throws: CameraStreamSubscribeError.perStreamLimitReached(limit: 1)) {
            try fanOut.add(CameraStreamSubscription(subscriber: RecordingSubscriber()), limit: 1)
        }
        #expect(fanOut.remove(subscription) == (removed: true, remaining: 0))
        #expect(fanOut.remove(subscription) == (removed: false, remaining: 0))
        try fanOut.deliver(try encodedPair().keyframe)
        #expect(subscriber.received.video.isEmpty)
    }
}
