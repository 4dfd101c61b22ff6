import Foundation
import Media
import RTP
import Testing
@testable import ViewerPipeline

/// What happens when packets are gone for good: PLI and a fresh IDR for video, PLC and
/// FEC for audio, and a reconnect in the middle of a recording.
@Suite("ViewerPipeline: unrecoverable loss and reconnect")
struct ViewerPipelineRecoveryTests {
    @Test("Loss without retransmission: PLI goes out, the sender's fresh IDR resumes decoding")
    func pictureLossIndicationRecovers() throws {
        let directory = try OutputFileReaders.temporaryDirectory("pli")
        let sender = try TestStreamSender()
        let videoSSRC = sender.videoSSRC
        var firstDropped: UInt16?
        let session = try SimulatedSession(configuration: SimulatedSession.configuration(nack: false, rtx: false, sender: sender),
                                           outputs: ViewerPipelineStreamingTests.outputs(in: directory),
                                           sender: sender) { packet, _, _, _ in
            // Three video packets in a row go missing after one second; nobody resends them.
            if packet.header.ssrc == videoSSRC, packet.header.timestamp &- 0xFFFF_0000 >= 30 * 3000 {
                let number = packet.header.sequenceNumber
                if firstDropped == nil { firstDropped = number }
                if let first = firstDropped, number &- first < 3 { return [] }
            }
            return [15]
        }
        try session.run(seconds: 4)
        try session.idle(milliseconds: 500)
        let feedbackBeforeFinish = session.rtcpDatagrams.count
        session.finish()
        #expect(session.rtcpDatagrams.count == feedbackBeforeFinish, "a finished session sends no more RTCP")

        let stats = try #require(session.pipeline.statistics().video)
        #expect(stats.pictureLossIndicationsSent >= 1)
        #expect(sender.pictureLossIndicationsReceived >= 1)
        #expect(stats.keyframesDecoded >= 2, "the first IDR and the one the PLI asked for")
        #expect(stats.packetsNacked == 0)
        #expect(stats.framesLost > 0)
        let indices = try OutputFileReaders.y4mFrameIndices(path: directory + "/video.y4m")
        ViewerPipelineStreamingTests.expectInOrder(indices)
        #expect(indices.last == 119, "decoding resumed and reached the last frame")
        #expect(indices.count >= 110, "only the frames between the loss and the new IDR are missing")
    }

    @Test("Joining mid-stream (no keyframe): P-frames are held back, one PLI after the join wait, the IDR starts decoding")
    func joinWithoutKeyframe() throws {
        let directory = try OutputFileReaders.temporaryDirectory("join")
        let sender = try TestStreamSender()
        let videoSSRC = sender.videoSSRC
        let session = try SimulatedSession(configuration: SimulatedSession.configuration(sender: sender),
                                           outputs: ViewerPipelineStreamingTests.outputs(in: directory),
                                           sender: sender) { packet, _, _, _ in
            // The viewer's path opens after the camera's first second (its IDR went to nobody).
            packet.header.ssrc == videoSSRC && packet.header.timestamp &- 0xFFFF_0000 < 30 * 3000 ? [] : [10]
        }
        try session.run(seconds: 3)
        try session.idle(milliseconds: 500)
        session.finish()

        let stats = try #require(session.pipeline.statistics().video)
        #expect(stats.pictureLossIndicationsSent == 1, "one PLI, not a storm")
        #expect(sender.pictureLossIndicationsReceived == 1)
        #expect(stats.accessUnitsHeldBack >= 5, "P-frames before the requested IDR never reach the decoder")
        #expect(stats.decodeFailures == 0)
        let indices = try OutputFileReaders.y4mFrameIndices(path: directory + "/video.y4m")
        ViewerPipelineStreamingTests.expectInOrder(indices)
        #expect(indices.last == 89)
        #expect(indices.count >= 45)
    }

    @Test("Opus loss: concealment and FEC fill every gap, no silence, the tone goes on",
          arguments: [UInt64(21), 22])
    func opusLossConcealed(seed: UInt64) throws {
        let directory = try OutputFileReaders.temporaryDirectory("opus")
        let sender = try TestStreamSender()
        let audioSSRC = sender.audioSSRC
        let session = try SimulatedSession(configuration: SimulatedSession.configuration(sender: sender),
                                           outputs: ViewerPipelineStreamingTests.outputs(in: directory),
                                           sender: sender, seed: seed) { packet, _, index, random in
            // 5 % of audio packets lost, including a burst of two; video untouched.
            guard packet.header.ssrc == audioSSRC else { return [12] }
            let offset = packet.header.sequenceNumber &- 65_300
            // A loss at either edge of the stream has no neighbour to reveal it: keep both edges.
            if offset == 0 || offset == 249 { return [12] }
            if offset == 100 || offset == 101 { return [] }
            return Int.random(in: 0..<100, using: &random) < 5 ? [] : [12]
        }
        try session.run(seconds: 5)
        try session.idle(milliseconds: 500)
        session.finish()

        let stats = try #require(session.pipeline.statistics().audio)
        #expect(stats.samplesRecoveredByFEC > 0)
        #expect(stats.samplesConcealed > 0, "the two-packet burst needs concealment for its first packet")
        #expect(stats.gapsNotConcealed == 0)
        let samples = try OutputFileReaders.wavSamples(path: directory + "/audio.wav")
        // Every sample of the 5 s is there: lost packets were replaced, not skipped.
        #expect(samples.count == 250 * 960)
        // No 10 ms window after the decoder's start-up is silent.
        var quietWindows = 0
        for start in stride(from: 960, to: samples.count - 480, by: 480) {
            let energy = ToneDetector.energy(of: samples[start..<start + 480], channelCount: 1, channel: 0)
            if energy < 1_000 { quietWindows += 1 }
        }
        #expect(quietWindows == 0)
        ViewerPipelineStreamingTests.expectTone(samples, seconds: 5)
    }

    @Test("resetForReconnect: a restarted camera (new SSRCs, sequence and RTP clocks) continues the same files, timestamps monotonic with a gap")
    func reconnectKeepsOutputs() async throws {
        let directory = try OutputFileReaders.temporaryDirectory("reconnect")
        let first = try TestStreamSender()
        let session = try SimulatedSession(configuration: SimulatedSession.configuration(sender: first),
                                           outputs: ViewerPipelineStreamingTests.outputs(in: directory),
                                           sender: first) { _, _, _, _ in [10] }
        try session.run(seconds: 2)
        try session.idle(milliseconds: 1500)  // the outage
        try session.pipeline.resetForReconnect()
        // The camera process restarted: everything about its RTP streams is new.
        session.sender = try TestStreamSender(ssrcBase: 0x7000, sequenceStart: 12, timestampStart: 0x1234_5678)
        try session.run(seconds: 2)
        try session.idle(milliseconds: 500)
        session.finish()

        let stats = session.pipeline.statistics()
        #expect(stats.reconnects == 1)
        #expect(stats.video?.framesDecoded == 120)
        #expect(stats.endedOutputs.isEmpty)
        let indices = try OutputFileReaders.y4mFrameIndices(path: directory + "/video.y4m").map { $0 ?? .max }
        #expect(indices == Array(0..<60) + Array(0..<60), "both sessions' frames, each in order, in one Y4M")
        #expect(try await OutputFileReaders.ffprobeVideoFrameCount(path: directory + "/video.y4m") == 120)

        let mkv = directory + "/recording.mkv"
        let videoTimes = try await OutputFileReaders.ffprobePacketTimes(path: mkv, stream: "v:0")
        let audioTimes = try await OutputFileReaders.ffprobePacketTimes(path: mkv, stream: "a:0")
        #expect(videoTimes.count == 120)
        #expect(zip(videoTimes, videoTimes.dropFirst()).allSatisfy { $0 < $1 }, "video timestamps strictly increase")
        #expect(zip(audioTimes, audioTimes.dropFirst()).allSatisfy { $0 < $1 }, "audio timestamps strictly increase")
        let largestStep = zip(videoTimes, videoTimes.dropFirst()).map { $1 - $0 }.max() ?? 0
        #expect(largestStep > 1.2 && largestStep < 2.0, "the outage shows as one gap of about 1.5 s")
        #expect((videoTimes.last ?? 0) > 5.0 && (videoTimes.last ?? 0) < 5.8)
    }
}
