import Foundation
import Media
import RTP
import Testing
@testable import ViewerPipeline

/// The whole receive pipeline against a sender built from the real codecs, over a
/// simulated network: what reaches the Y4M, WAV and Matroska files is read back
/// independently (test-pattern frame indices, tone detection, ffprobe).
@Suite("ViewerPipeline: real H264/Opus streams into files")
struct ViewerPipelineStreamingTests {
    static func outputs(in directory: String) -> ViewerOutputConfiguration {
        ViewerOutputConfiguration(video: .file(path: directory + "/video.y4m"), audio: .file(path: directory + "/audio.wav"),
                                  recording: .file(path: directory + "/recording.mkv"))
    }

    /// Frame indices must all be readable and strictly increasing.
    static func expectInOrder(_ indices: [UInt32?], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!indices.contains(nil), "a frame without a readable index (corrupt picture)", sourceLocation: sourceLocation)
        let values = indices.compactMap { $0 }
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 < $1 }, "frames out of order", sourceLocation: sourceLocation)
    }

    /// The tone's frequency must be found in the middle half of every second.
    static func expectTone(_ samples: [Int16], seconds: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let tone = ToneSource(startTime: .zero)
        let detector = ToneDetector()
        for second in 0..<seconds {
            let window = (second * 48_000 + 12_000)..<(second * 48_000 + 36_000)
            guard window.upperBound <= samples.count else {
                Issue.record("WAV ends at \(samples.count) samples, before second \(second)", sourceLocation: sourceLocation)
                return
            }
            #expect(detector.detect(in: samples[window])?.frequency == tone.frequency(atSecond: UInt64(second)),
                    "tone of second \(second)", sourceLocation: sourceLocation)
        }
    }

    @Test("Clean 480p30 for 5 s: every frame in order in Y4M (ffprobe agrees), tone in WAV, MKV with H264 + Opus")
    func cleanStream() async throws {
        let directory = try OutputFileReaders.temporaryDirectory("clean")
        let sender = try TestStreamSender()
        let session = try SimulatedSession(configuration: SimulatedSession.configuration(sender: sender),
                                           outputs: Self.outputs(in: directory), sender: sender) { _, _, _, random in
            [10 + Int.random(in: 0..<5, using: &random)]
        }
        try session.run(seconds: 5)
        try session.idle(milliseconds: 500)
        session.finish()

        let indices = try OutputFileReaders.y4mFrameIndices(path: directory + "/video.y4m")
        #expect(indices.count == 150)
        #expect(indices.first == 0 && indices.last == 149)
        Self.expectInOrder(indices)
        #expect(try await OutputFileReaders.ffprobeVideoFrameCount(path: directory + "/video.y4m") == 150)
        Self.expectTone(try OutputFileReaders.wavSamples(path: directory + "/audio.wav"), seconds: 5)

        let mkv = directory + "/recording.mkv"
        #expect(try await OutputFileReaders.ffprobeCodecs(path: mkv) == ["h264", "opus"])
        #expect(try await OutputFileReaders.ffprobeVideoFrameCount(path: mkv) == 150)
        // Audio older than the first keyframe is not recorded (MatroskaWriter starts at a
        // decodable picture); the rest of the 250 packets must be there.
        let audioPackets = try await OutputFileReaders.ffprobePacketTimes(path: mkv, stream: "a:0").count
        #expect(audioPackets >= 240 && audioPackets <= 250)

        let stats = session.pipeline.statistics()
        #expect(stats.video?.framesDecoded == 150)
        #expect(stats.video?.framesLost == 0)
        #expect(stats.video?.stream.packetsLost == 0)
        #expect(stats.audio?.packetsDecoded == 250)
        #expect(stats.timeToFirstFrameSeconds.map { $0 < 0.2 } == true)
        #expect(stats.receiverReportsSent >= 4)
        #expect(stats.video?.pictureLossIndicationsSent == 0)
    }

    @Test("5 % of packets dropped, sender answers NACKs: ≥ 95 % of frames decode clean and in order",
          arguments: (UInt64(1)...6).map { (seed: $0, rtx: $0 % 3 != 0) })
    func lossRecoveredByNACK(seed: UInt64, rtx: Bool) throws {
        let directory = try OutputFileReaders.temporaryDirectory("nack")
        let sender = try TestStreamSender()
        sender.answersWithRTX = rtx
        let session = try SimulatedSession(configuration: SimulatedSession.configuration(rtx: rtx, sender: sender),
                                           outputs: Self.outputs(in: directory), sender: sender, seed: seed) { _, _, _, random in
            Int.random(in: 0..<100, using: &random) < 5 ? [] : [20 + Int.random(in: 0..<10, using: &random)]
        }
        try session.run(seconds: 5)
        try session.idle(milliseconds: 1000)
        session.finish()

        let indices = try OutputFileReaders.y4mFrameIndices(path: directory + "/video.y4m")
        #expect(indices.count >= 143, "≥ 95 % of 150 frames")
        Self.expectInOrder(indices)
        let stats = try #require(session.pipeline.statistics().video)
        #expect(stats.packetsNacked > 0)
        #expect(sender.nacksReceived > 0)
        // Reordering by the network alone must not double the traffic with spurious NACKs.
        #expect(sender.nackedNumbers.count < stats.stream.packetsReceived / 5)
        if rtx {
            #expect(stats.stream.retransmissionsReceived > 0)
            // RTX identifies its answers, so the buffer learns the true round trip and waits
            // long enough for one lost retransmission to be asked for again.
            #expect(indices.count >= 148)
        }
        #expect(stats.framesDecoded >= 143)
    }

    @Test("Reorder and duplicate storm: nothing lost, every frame once and in order")
    func reorderAndDuplicates() throws {
        let directory = try OutputFileReaders.temporaryDirectory("storm")
        let sender = try TestStreamSender()
        let session = try SimulatedSession(configuration: SimulatedSession.configuration(sender: sender),
                                           outputs: Self.outputs(in: directory), sender: sender, seed: 3) { _, _, _, random in
            // Up to 40 ms of random delay reorders packets within and across frames;
            // one packet in five arrives twice.
            let delay = 5 + Int.random(in: 0..<40, using: &random)
            return Int.random(in: 0..<5, using: &random) == 0 ? [delay, delay + Int.random(in: 0..<30, using: &random)] : [delay]
        }
        try session.run(seconds: 5)
        try session.idle(milliseconds: 1000)
        session.finish()

        let indices = try OutputFileReaders.y4mFrameIndices(path: directory + "/video.y4m")
        #expect(indices.count == 150)
        Self.expectInOrder(indices)
        let stats = session.pipeline.statistics()
        #expect((stats.video?.stream.duplicatesReceived ?? 0) + (stats.video?.stream.packetsTooLate ?? 0) > 0)
        #expect(stats.video?.framesLost == 0)
        #expect(stats.audio?.samplesConcealed == 0)
        Self.expectTone(try OutputFileReaders.wavSamples(path: directory + "/audio.wav"), seconds: 5)
    }
}
