import CameraPipeline
import H264
import Media
import RTP
import Testing

/// Failures other than the camera: each ends or refuses with the error that names it.
@Suite(.timeLimit(.minutes(1)))
struct CameraStreamFailureTests {
    struct MicrophoneUnplugged: Error {}

    /// An audio source that delivers a few blocks, then fails like an unplugged USB microphone.
    struct FailingToneSource: AudioBlockSource {
        var tone: ToneAudioSource
        var remaining: Int
        var channelCount: Int { tone.channelCount }

        mutating func nextBlock(into block: inout AudioFrame) throws -> Bool {
            guard remaining > 0 else { throw MicrophoneUnplugged() }
            remaining -= 1
            return try tone.nextBlock(into: &block)
        }
    }

    @Test func failingMicrophoneStopsTheAudioButNotTheVideo() async throws {
        let stream = try CameraStream(configuration: testStreamConfiguration(withAudio: true), sources: CameraStreamSources(
            makeVideo: ScriptedVideoSources(clock: MonotonicPacingClock()).sources.makeVideo,
            makeAudio: { stop in FailingToneSource(tone: ToneAudioSource(clock: FreeRunningPacingClock(), stop: stop), remaining: 20) }))
        let subscriber = RecordingSubscriber()
        try stream.subscribe(subscriber)
        while stream.lastAudioFailure == nil { try await Task.sleep(for: .milliseconds(10)) }
        let videoAtFailure = subscriber.received.videoAccessUnits
        let received = await subscriber.wait { $0.videoAccessUnits >= videoAtFailure + 5 }
        #expect(received.endReason == nil, "the stream goes on")
        #expect(received.audio.count == 10, "20 blocks of 10 ms made ten 20 ms packets before the failure, none after")
        #expect(stream.lastAudioFailure?.reason == .microphoneGone)
        #expect(stream.counters.audioFailures == 1)
        await stream.end()
    }

    @Test func sourceOfTheWrongSizeEndsTheStreamWithEncoderFailed() async throws {
        let stream = try CameraStream(configuration: testStreamConfiguration(width: 640, height: 480),
                                      sources: ScriptedVideoSources(width: 320, height: 240).sources)
        let subscriber = RecordingSubscriber()
        try stream.subscribe(subscriber)
        let received = await subscriber.wait { $0.endReason != nil }
        #expect(received.endReason == .encoderFailed)
        #expect(received.video.isEmpty)
    }

    @Test func encoderThatCannotBeCreatedRefusesTheFirstSubscriber() throws {
        var configuration = testStreamConfiguration()
        configuration.videoEncoder.width = 321
        let stream = try CameraStream(configuration: configuration, sources: ScriptedVideoSources().sources)
        #expect(throws: CameraStreamSubscribeError.videoEncoderUnavailable(.dimensionsNotPositiveAndEven(width: 321, height: 240))) {
            try stream.subscribe(RecordingSubscriber())
        }
        #expect(stream.subscriberCount == 0, "a refused subscriber is not left behind")
        #expect(!stream.counters.isRunning)
    }

    @Test func payloadBudgetTooSmallForAFragmentIsRefused() {
        var configuration = testStreamConfiguration()
        configuration.maximumPayloadSize = 2
        #expect(throws: H264RTPPayloaderError.payloadBudgetTooSmall(2)) {
            try CameraStream(configuration: configuration, sources: ScriptedVideoSources().sources)
        }
    }

    /// A small MTU: every access unit is cut into many FU-A fragments, all within budget,
    /// and still reassembles into frames the decoder accepts.
    @Test func smallPayloadBudgetStillGivesDecodableFrames() async throws {
        var configuration = testStreamConfiguration()
        configuration.maximumPayloadSize = 300
        let stream = try CameraStream(configuration: configuration, sources: ScriptedVideoSources(frameLimit: 10).sources)
        let subscriber = RecordingSubscriber()
        let subscription = try stream.subscribe(subscriber)
        let received = await subscriber.waitForAccessUnits(10)
        await stream.unsubscribe(subscription)
        #expect(received.video.allSatisfy { $0.count <= 300 + 12 })
        let decoder = try H264Decoder()
        var decoded = 0
        for unit in try testCompleteAccessUnits(from: received.video) {
            let unit = try #require(unit)
            let frame = EncodedVideoFrame(annexB: unit.annexB, isKeyframe: unit.isKeyframe, width: 320, height: 240,
                                          timestamp: .zero, sequenceNumber: 0)
            if try decoder.decode(frame) != nil { decoded += 1 }
        }
        #expect(decoded == 10)
    }
}
