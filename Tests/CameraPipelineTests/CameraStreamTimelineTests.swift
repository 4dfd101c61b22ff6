import CameraPipeline
import Media
import RTP
import Testing

/// RFC 3550 §5.1 timestamps from one time line for both kinds, carried on across restarts.
@Suite(.timeLimit(.minutes(1)))
struct CameraStreamTimelineTests {
    private func realTimeStream() throws -> CameraStream {
        try CameraStream(configuration: testStreamConfiguration(withAudio: true),
                         sources: .testPattern(width: 320, height: 240, framesPerSecond: 30, clock: MonotonicPacingClock()))
    }

    private func packets(_ bytes: [[UInt8]]) throws -> [RTPPacket] { try bytes.map { try RTPPacket(unmarshaling: $0) } }

    @Test func videoAndAudioTimestampsFollowCaptureTimeOnOneTimeLine() async throws {
        let stream = try realTimeStream()
        let subscriber = RecordingSubscriber()
        let subscription = try stream.subscribe(subscriber)
        let received = await subscriber.wait { $0.videoAccessUnits >= 10 && $0.audio.count >= 10 }
        let now = MediaTime.now()
        await stream.unsubscribe(subscription)

        let videoNow = try #require(stream.rtpTimestamp(at: now, kind: .video))
        let audioNow = try #require(stream.rtpTimestamp(at: now, kind: .audio))
        let lastVideo = try #require(try packets(received.video).last).header.timestamp
        let lastAudio = try #require(try packets(received.audio).last).header.timestamp
        // What arrived was captured before `now`, and both kinds sit on one time line: their lags
        // behind `now` agree to within a few frames. (How far behind depends on scheduling, so
        // only the agreement is asserted, with a generous sanity bound.)
        let videoLag = Int32(bitPattern: videoNow &- lastVideo), audioLag = Int32(bitPattern: audioNow &- lastAudio)
        #expect(videoLag >= 0 && audioLag >= 0, "packets stamped after capture time: video \(videoLag), audio \(audioLag)")
        let videoLagSeconds = Double(videoLag) / 90_000, audioLagSeconds = Double(audioLag) / 48_000
        #expect(abs(videoLagSeconds - audioLagSeconds) < 0.25,
                "video \(videoLagSeconds) s and audio \(audioLagSeconds) s behind capture time: not one time line")
        #expect(videoLagSeconds < 30, "video timestamps \(videoLagSeconds) s behind capture time")
    }

    @Test func restartContinuesSequenceNumbersAndJumpsTimestampsByTheGap() async throws {
        let stream = try realTimeStream()
        let first = RecordingSubscriber()
        let firstSubscription = try stream.subscribe(first)
        let before = await first.wait { $0.videoAccessUnits >= 3 && $0.audio.count >= 3 }
        await stream.unsubscribe(firstSubscription)
        try await Task.sleep(for: .milliseconds(300))

        let second = RecordingSubscriber()
        let secondSubscription = try stream.subscribe(second)
        let after = await second.wait { $0.videoAccessUnits >= 1 && !$0.audio.isEmpty }
        await stream.unsubscribe(secondSubscription)

        let videoBefore = try packets(before.video), videoAfter = try packets(after.video)
        let audioBefore = try packets(before.audio), audioAfter = try packets(after.audio)
        let lastVideo = try #require(videoBefore.last), firstVideo = try #require(videoAfter.first)
        let lastAudio = try #require(audioBefore.last), firstAudio = try #require(audioAfter.first)
        // The first subscriber may have left mid-stream; packets after it still took numbers.
        #expect(Int16(bitPattern: firstVideo.header.sequenceNumber &- lastVideo.header.sequenceNumber) > 0)
        #expect(Int16(bitPattern: firstAudio.header.sequenceNumber &- lastAudio.header.sequenceNumber) > 0)
        #expect(Int32(bitPattern: firstVideo.header.timestamp &- lastVideo.header.timestamp) >= 27_000,
                "at least the 0.3 s gap at 90 kHz")
        #expect(Int32(bitPattern: firstAudio.header.timestamp &- lastAudio.header.timestamp) >= 14_400,
                "at least the 0.3 s gap at 48 kHz")
        #expect(firstAudio.header.marker, "audio after a gap starts a talkspurt (RFC 3551 §4.1)")
    }
}
