import CameraPipeline
import H264
import Media
import RTP
import Testing

/// Issue 6 lifecycle: capture runs only while someone watches, restarts on demand, and a
/// camera that goes away ends every session with `cameraGone`.
@Suite(.timeLimit(.minutes(1)))
struct CameraStreamLifecycleTests {
    @Test func lastUnsubscribeStopsCaptureAndResubscribeRestartsIt() async throws {
        let video = ScriptedVideoSources()
        let stream = try CameraStream(configuration: testStreamConfiguration(), sources: video.sources)
        let subscriber = RecordingSubscriber()
        let subscription = try stream.subscribe(subscriber)
        await subscriber.waitForAccessUnits(10)
        #expect(stream.counters.isRunning)
        await stream.unsubscribe(subscription)

        let producedAtStop = video.framesProduced
        let packetsAtStop = subscriber.received.video.count
        // Proving that nothing happens takes some waiting: a free-running source would
        // make hundreds of frames in this time if capture were still going.
        try await Task.sleep(for: .milliseconds(300))
        #expect(video.framesProduced == producedAtStop, "capture stopped with the last subscriber")
        #expect(subscriber.received.video.count == packetsAtStop, "nothing delivered after unsubscribe returned")
        #expect(stream.counters == CameraStreamCounters(targetBitrate: 1_000_000))

        let again = RecordingSubscriber()
        let second = try stream.subscribe(again)
        let received = await again.waitForAccessUnits(5)
        #expect(video.sourcesMade == 2, "the source was opened again")
        #expect(stream.counters.framesEncoded >= 5)
        #expect(try testCompleteAccessUnits(from: received.video).first??.isKeyframe == true)
        await stream.unsubscribe(second)
    }

    @Test func failingCameraEndsEverySubscriberWithCameraGone() async throws {
        let video = ScriptedVideoSources(failingSourceIndexes: [0], failAfterFrames: 20)
        let stream = try CameraStream(configuration: testStreamConfiguration(withAudio: true), sources: CameraStreamSources(
            makeVideo: video.sources.makeVideo,
            makeAudio: { stop in ToneAudioSource(clock: FreeRunningPacingClock(), stop: stop) }))
        let subscribers = (0..<3).map { _ in RecordingSubscriber() }
        for subscriber in subscribers { try stream.subscribe(subscriber) }
        for subscriber in subscribers {
            let received = await subscriber.wait { $0.endReason != nil }
            #expect(received.endReason == .cameraGone)
        }
        #expect(stream.subscriberCount == 0)
        #expect(stream.counters == CameraStreamCounters(targetBitrate: 1_000_000), "counters back to zero")
        #expect(stream.lastFailure?.reason == .cameraGone)
        #expect(stream.lastFailure?.error is ScriptedVideoSources.CameraUnplugged, "the device's own error is kept")

        let later = RecordingSubscriber()
        let subscription = try stream.subscribe(later)
        await later.waitForAccessUnits(5)
        #expect(video.sourcesMade == 2, "a later subscribe tried the camera again")
        await stream.unsubscribe(subscription)
        #expect(later.received.endReason == nil, "a subscriber that left is not told the stream ended")
    }

    @Test func endTellsEverySubscriberAndStopsCapture() async throws {
        let video = ScriptedVideoSources()
        let stream = try CameraStream(configuration: testStreamConfiguration(), sources: video.sources)
        let subscribers = (0..<2).map { _ in RecordingSubscriber() }
        for subscriber in subscribers { try stream.subscribe(subscriber) }
        await subscribers[0].waitForAccessUnits(3)
        await stream.end(reason: .stopped)
        #expect(subscribers.map(\.received.endReason) == [.stopped, .stopped])
        let produced = video.framesProduced
        try await Task.sleep(for: .milliseconds(100))
        #expect(video.framesProduced == produced)
        #expect(stream.counters.isRunning == false)
    }

    @Test func droppedStreamStopsItsCaptureThreads() async throws {
        let video = ScriptedVideoSources()
        var stream: CameraStream? = try CameraStream(configuration: testStreamConfiguration(), sources: video.sources)
        let subscriber = RecordingSubscriber()
        try stream?.subscribe(subscriber)
        await subscriber.waitForAccessUnits(2)
        stream = nil
        // Polling: nothing else can tell when a thread that nobody waits for lets go.
        while video.liveSources > 0 { try await Task.sleep(for: .milliseconds(10)) }
        let produced = video.framesProduced
        try await Task.sleep(for: .milliseconds(100))
        #expect(video.framesProduced == produced, "capture stopped when the stream was released")
        #expect(subscriber.received.endReason == .stopped, "subscribers of a released stream are told")
    }

    /// A camera at 1 frame per second: stopping must not wait for the next frame.
    @Test func stopIsPromptWhileTheSourceWaitsForItsNextFrame() async throws {
        let video = ScriptedVideoSources(framesPerSecond: 1, clock: MonotonicPacingClock())
        let stream = try CameraStream(configuration: testStreamConfiguration(framesPerSecond: 1), sources: video.sources)
        let subscriber = RecordingSubscriber()
        let subscription = try stream.subscribe(subscriber)
        await subscriber.waitForAccessUnits(1)
        let producedBeforeStop = video.framesProduced
        let elapsed = await ContinuousClock().measure { await stream.unsubscribe(subscription) }
        // A stop that waited for the source's next frame would have let it produce one more;
        // judged by the count, not the clock, so a loaded machine cannot fake a pass or a failure.
        #expect(video.framesProduced == producedBeforeStop, "unsubscribe waited for the next frame")
        #expect(elapsed < .seconds(10), "unsubscribe hung for \(elapsed)")
    }

    @Test func pictureLossStormGivesRateLimitedIDRs() async throws {
        let frames = 90
        let video = ScriptedVideoSources(frameLimit: frames)
        let stream = try CameraStream(configuration: testStreamConfiguration(keyframeRequestInterval: .milliseconds(500)),
                                      sources: video.sources)
        let storm = RecordingSubscriber(onVideoPacket: { [weak stream] in stream?.requestKeyframe() })
        let subscription = try stream.subscribe(storm)
        let received = await storm.waitForAccessUnits(frames)
        let units = try testCompleteAccessUnits(from: received.video)
        let keyframeIndexes = units.indices.filter { units[$0]?.isKeyframe == true }
        // A PLI on every packet of 3 s of 30 fps video: one IDR per 0.5 s of capture time
        // (15 frames), the first one being the encoder's start.
        #expect(keyframeIndexes == [0, 15, 30, 45, 60, 75])
        #expect(stream.counters.keyframesEncoded == 6)
        #expect(stream.counters.keyframeRequestsCoalesced > 100)
        await stream.unsubscribe(subscription)
    }

    @Test func targetBitrateReachesTheEncoderAndOutlivesARestart() async throws {
        let stream = try CameraStream(configuration: testStreamConfiguration(), sources: ScriptedVideoSources().sources)
        #expect(throws: H264EncoderError.bitrateOutOfRange(0)) { try stream.setTargetBitrate(0) }
        try stream.setTargetBitrate(300_000)
        let subscriber = RecordingSubscriber()
        let subscription = try stream.subscribe(subscriber)
        #expect(stream.counters.targetBitrate == 300_000)
        await subscriber.waitForAccessUnits(3)
        try stream.setTargetBitrate(500_000)
        #expect(stream.counters.targetBitrate == 500_000)
        await stream.unsubscribe(subscription)
        #expect(stream.counters.targetBitrate == 500_000)
    }
}

/// Viewers coming and going at once: starts and stops overlap, and every viewer still
/// starts on an IDR and everything ends at zero.
@Suite(.timeLimit(.minutes(1)))
struct CameraStreamChurnTests {
    @Test func concurrentJoinsAndLeavesEndAtZero() async throws {
        let video = ScriptedVideoSources()
        let stream = try CameraStream(configuration: testStreamConfiguration(), sources: video.sources)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    for _ in 0..<4 {
                        let subscriber = RecordingSubscriber()
                        let subscription = try stream.subscribe(subscriber)
                        let received = await subscriber.waitForAccessUnits(2)
                        await stream.unsubscribe(subscription)
                        let first = try testCompleteAccessUnits(from: received.video).first
                        #expect(first??.isKeyframe == true, "every joiner starts on an IDR")
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(stream.subscriberCount == 0)
        #expect(stream.counters == CameraStreamCounters(targetBitrate: 1_000_000))
        let produced = video.framesProduced
        try await Task.sleep(for: .milliseconds(100))
        #expect(video.framesProduced == produced, "no capture thread left running")
    }
}
