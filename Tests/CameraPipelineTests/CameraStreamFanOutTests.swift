import CameraPipeline
import H264
import Media
import RTP
import Testing

/// Issue 6: one capture + one encoder per stream, fanned out; a joining viewer starts on
/// an IDR, never on a P-frame.
@Suite(.timeLimit(.minutes(1)))
struct CameraStreamFanOutTests {
    @Test func twoSubscribersReceiveIdenticalPacketsFromOneEncoder() async throws {
        let frames = 60
        let video = ScriptedVideoSources(frameLimit: frames)
        let stream = try CameraStream(configuration: testStreamConfiguration(), sources: video.sources)
        let first = RecordingSubscriber(), second = RecordingSubscriber()
        let firstSubscription = try stream.subscribe(first)
        let secondSubscription = try stream.subscribe(second)
        let all = await first.waitForAccessUnits(frames)

        let counters = stream.counters
        #expect(counters.framesCaptured == UInt64(frames))
        #expect(counters.framesEncoded == UInt64(frames), "one encoder: one encode per frame, not one per subscriber")
        #expect(counters.videoPacketsProduced == UInt64(all.video.count), "packets counted once, not per subscriber")
        #expect(video.sourcesMade == 1)

        // The second subscriber gets each packet just after the first one does.
        let lastPacket = try #require(all.video.last)
        let late = await second.wait { $0.video.last == lastPacket }.video
        let firstLate = try #require(late.first)
        let start = try #require(all.video.firstIndex(of: firstLate))
        #expect(Array(all.video[start...]) == late, "the second subscriber gets the very same bytes from its join on")
        let units = try testCompleteAccessUnits(from: late)
        #expect(units.first??.isKeyframe == true)

        await stream.unsubscribe(firstSubscription)
        await stream.unsubscribe(secondSubscription)
        #expect(stream.counters == CameraStreamCounters(targetBitrate: 1_000_000))
    }

    @Test func lateJoinerFirstVideoPacketStartsAnIDRAccessUnit() async throws {
        let video = ScriptedVideoSources(width: 640, height: 480)
        let stream = try CameraStream(configuration: testStreamConfiguration(width: 640, height: 480), sources: video.sources)
        let early = RecordingSubscriber(), late = RecordingSubscriber()
        let earlySubscription = try stream.subscribe(early)
        await early.waitForAccessUnits(20)
        let keyframesBefore = stream.counters.keyframesEncoded
        let lateSubscription = try stream.subscribe(late)
        let received = await late.waitForAccessUnits(10)

        let outputs = try testAccessUnits(from: received.video)
        guard case .accessUnit(let first)? = outputs.first else {
            Issue.record("the late joiner's first packets did not make a whole access unit: \(String(describing: outputs.first))")
            return
        }
        #expect(first.isKeyframe && first.hasParameterSets, "an IDR with SPS and PPS, decodable on its own")
        let decoder = try H264Decoder()
        #expect(try decoder.decode(EncodedVideoFrame(annexB: first.annexB, isKeyframe: true, width: 640, height: 480,
                                                     timestamp: .zero, sequenceNumber: 0)) != nil)
        #expect(stream.counters.keyframesEncoded > keyframesBefore, "the join forced an IDR instead of waiting for one")
        #expect(lateSubscription.hasReceivedKeyframe)
        await stream.unsubscribe(lateSubscription)
        await stream.unsubscribe(earlySubscription)
    }

    @Test func leavingSubscriberGetsNothingMoreWhileOthersCarryOn() async throws {
        let stream = try CameraStream(configuration: testStreamConfiguration(withAudio: true),
                                      sources: .testPattern(width: 320, height: 240, framesPerSecond: 30,
                                                            clock: FreeRunningPacingClock()))
        let leaving = RecordingSubscriber(), staying = RecordingSubscriber()
        let leavingSubscription = try stream.subscribe(leaving)
        let stayingSubscription = try stream.subscribe(staying)
        await leaving.waitForAccessUnits(5)
        await stream.unsubscribe(leavingSubscription)
        let atLeave = leaving.received
        let stayedFor = staying.received.videoAccessUnits
        await staying.waitForAccessUnits(stayedFor + 10)
        #expect(leaving.received.video.count == atLeave.video.count, "no video after unsubscribe returned")
        #expect(leaving.received.audio.count == atLeave.audio.count, "no audio after unsubscribe returned")
        #expect(leaving.received.endReason == nil)
        #expect(stream.counters.isRunning && stream.subscriberCount == 1)
        await stream.unsubscribe(stayingSubscription)
    }

    @Test func subscriberLimitIsRefusedWithItsOwnError() async throws {
        let stream = try CameraStream(configuration: testStreamConfiguration(),
                                      sources: ScriptedVideoSources(frameLimit: 1).sources)
        let subscribers = (0..<8).map { _ in RecordingSubscriber() }
        var subscriptions: [CameraStreamSubscription] = []
        for subscriber in subscribers { subscriptions.append(try stream.subscribe(subscriber)) }
        #expect(stream.subscriberCount == 8)
        #expect(throws: CameraStreamSubscribeError.perStreamLimitReached(limit: 8)) {
            try stream.subscribe(RecordingSubscriber())
        }
        #expect(stream.subscriberCount == 8)
        await stream.unsubscribe(subscriptions.removeLast())
        #expect(throws: CameraStreamSubscribeError.alreadySubscribed) { try stream.subscribe(subscribers[0]) }
        subscriptions.append(try stream.subscribe(RecordingSubscriber()))
        for subscription in subscriptions { await stream.unsubscribe(subscription) }
        #expect(stream.subscriberCount == 0)
        #expect(!stream.counters.isRunning)
    }

    @Test func packetObserverSeesEveryPacketOnce() async throws {
        let frames = 30
        let observer = RecordingSubscriber()
        let stream = try CameraStream(configuration: testStreamConfiguration(withAudio: true),
                                      sources: CameraStreamSources.testPattern(width: 320, height: 240, framesPerSecond: 30,
                                                                               clock: FreeRunningPacingClock()),
                                      packetObserver: observer)
        let subscriber = RecordingSubscriber()
        let subscription = try stream.subscribe(subscriber)
        await subscriber.waitForAccessUnits(frames)
        await stream.unsubscribe(subscription)
        let seen = observer.received, got = subscriber.received
        // The observer may see a few more packets: capture stops just after the last subscriber left.
        #expect(Array(seen.video.prefix(got.video.count)) == got.video, "the observer sees the packets subscribers get")
        #expect(Array(seen.audio.prefix(got.audio.count)) == got.audio)
        #expect(!got.audio.isEmpty)
    }
}

extension CameraStreamCounters {
    /// The counters of a stopped stream whose encoder targets `targetBitrate`.
    init(targetBitrate: Int) {
        self.init()
        self.targetBitrate = targetBitrate
    }
}
