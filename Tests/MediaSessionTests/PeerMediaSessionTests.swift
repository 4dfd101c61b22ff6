import CameraPipeline
import Foundation
import Glibc
import H264
import Media
import MediaSession
import Testing
import TestSupport
import ViewerPipeline

/// Issue 5 item 6, "Must show": a 720p30 test-pattern + tone camera stream through
/// `PeerMediaSender` → PeerConnection A ⇄ B → `PeerMediaReceiver` → `ViewerPipeline` (Y4M +
/// WAV files), in one process over loopback, with real encoders, DTLS, SRTP and decoders.
/// What reached the files is read back independently (frame indexes, tone).
/// Serialized: each test encodes 720p30 on a shared 2-core machine.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct PeerMediaSessionTests {
    static let width = 1280
    static let height = 720

    /// A 720p30 test-pattern + tone stream and its shared feedback, as camera-agent makes them.
    static func makeStream(subscriberLimit: Int = 8) throws -> (CameraStream, CameraStreamFeedback) {
        let configuration = CameraStreamConfiguration(
            video: CameraStreamRTPParameters(ssrc: 0x0CA3_0001, payloadType: 102, clockRate: 90_000),
            videoEncoder: H264EncoderConfiguration(width: width, height: height, framesPerSecond: 30,
                                                   targetBitrate: 2_000_000),
            audio: CameraStreamRTPParameters(ssrc: 0x0CA3_0002, payloadType: 111, clockRate: 48_000),
            subscriberLimit: subscriberLimit)
        let feedback = CameraStreamFeedback(configuration: configuration)
        let stream = try CameraStream(configuration: configuration,
                                      sources: .testPattern(width: width, height: height, framesPerSecond: 30),
                                      packetObserver: feedback)
        return (stream, feedback)
    }

    /// CPU seconds this process used so far (user + system), for the printed figures.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// Waits for `condition`, polling, for at most `limit`. Bounds a wait; never a speed figure.
    static func eventually(within limit: Duration, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    struct Outcome {
        var frameIndexes: [UInt32?]
        var tone: (tone: Int, total: Int)
        var viewer: ViewerPipelineStatistics
        var sender: PeerMediaSenderStatistics
        var receiver: PeerMediaReceiverStatistics
        var camera: CameraStreamCounters
        var dropped: Int
    }

    /// Streams for `seconds` to a viewer pipeline writing Y4M + WAV, closes, reads the files back.
    static func watch(seconds: Int, dropPercent: Int) async throws -> Outcome {
        // In memory when possible: 10 s of 720p Y4M is 400 MB, and a disk under writeback
        // pressure would stall the viewer's worker rather than test the media path.
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : FileManager.default.temporaryDirectory.path
        let directory = base + "/peercam-media-session-\(getpid())-\(dropPercent)-\(UInt32.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outputs = ViewerOutputConfiguration(video: .file(path: directory + "/video.y4m"),
                                                audio: .file(path: directory + "/audio.wav"))
        let (stream, feedback) = try makeStream()
        let cpuBefore = processCPUSeconds()
        let (link, pipeline) = try CameraViewerLink.withViewerPipeline(stream: stream, feedback: feedback, outputs: outputs,
                                                                       dropPercent: dropPercent, seed: 0x5EED_0005)
        #expect(await eventually(within: .seconds(10)) { link.sender.statistics.isSending })
        try await Task.sleep(for: .seconds(seconds))
        // Let the last frames and their repairs arrive, then count what the camera made
        // (counters reset once the last viewer leaves, so before closing).
        try await Task.sleep(for: .milliseconds(600))
        let camera = stream.counters
        let sender = link.sender.statistics
        await link.close()
        let cpu = processCPUSeconds() - cpuBefore
        #expect(stream.subscriberCount == 0, "closing the connection left the stream")
        #expect(!stream.counters.isRunning, "the last viewer gone stops capture and encoding")
        #expect(pipeline.refusals.count == 0, "the pipeline refused nothing: \(String(describing: pipeline.refusals.last))")
        let outcome = Outcome(frameIndexes: try ViewerOutputFiles.y4mFrameIndexes(path: directory + "/video.y4m"),
                              tone: try ViewerOutputFiles.wavToneBlocks(path: directory + "/audio.wav"),
                              viewer: pipeline.statistics, sender: sender, receiver: link.receiver.statistics,
                              camera: camera, dropped: link.dropped.value)
        let video = outcome.viewer.video ?? .init()
        let setUp = link.offeredAt.duration(to: link.receiverCreatedAt)
        let firstFrame = outcome.viewer.timeToFirstFrameSeconds.map { Double(setUp.components.attoseconds) / 1e18 + $0 }
        print("""
            [media-session] drop \(dropPercent)%, \(seconds) s at 720p30: frames encoded \(camera.framesEncoded), \
            in Y4M \(outcome.frameIndexes.count) (indexes \(Self.describeIndexes(outcome.frameIndexes))), decoded \(video.framesDecoded), lost \(video.framesLost); \
            offer → first decoded frame \(firstFrame.map { String(format: "%.3f s", $0) } ?? "none"); \
            dropped by test \(outcome.dropped); NACK packets \(video.nacksSent) (\(video.packetsNacked) seq), \
            NACKs at camera \(sender.nacksReceived) (rate-limited \(sender.requestsRateLimited), not in history \(sender.requestsNotInHistory)), retransmissions \(sender.retransmissions) \
            (received \(video.stream.retransmissionsReceived)), packets lost for good \(video.stream.packetsLost); \
            PLIs \(video.pictureLossIndicationsSent); receive queue overflow \(outcome.receiver.packetsDroppedQueueFull); SRs \(sender.senderReportsSent); \
            RTT \(sender.roundTripTime.map { "\($0)" } ?? "none"); tone in \(outcome.tone.tone)/\(outcome.tone.total) \
            20 ms blocks; whole-process CPU \(String(format: "%.2f", cpu)) s over \(seconds + 1) s \
            (camera + viewer + test)
            """)
        return outcome
    }

    /// "first…last, N missing" for the printed figures.
    static func describeIndexes(_ indexes: [UInt32?]) -> String {
        let known = indexes.compactMap { $0 }
        guard let first = known.first, let last = known.last else { return "none" }
        return "\(first)…\(last), \(Int(last) - Int(first) + 1 - known.count) missing"
    }

    @Test func cameraStreamReachesTheViewerPipelineEveryFrameInOrderWithTheTone() async throws {
        let outcome = try await Self.watch(seconds: 10, dropPercent: 0)
        let indexes = outcome.frameIndexes.compactMap { $0 }
        #expect(indexes.count == outcome.frameIndexes.count, "every written picture carries a readable index")
        #expect(outcome.camera.framesEncoded >= 100, "the stream ran: \(outcome.camera.framesEncoded) frames")
        #expect(indexes.first == 0, "the first frame is the stream's first (its join IDR)")
        #expect(zip(indexes, indexes.dropFirst()).allSatisfy { $1 == $0 + 1 }, "every frame index, in order, none missing")
        #expect(UInt64(indexes.count) + 3 >= outcome.camera.framesEncoded,
                "all encoded frames but the last in flight: \(indexes.count) of \(outcome.camera.framesEncoded)")
        #expect(outcome.tone.total >= 450, "10 s of audio: \(outcome.tone.total) blocks of 20 ms")
        #expect(outcome.tone.tone * 10 >= outcome.tone.total * 9, "the tone is heard: \(outcome.tone)")
        #expect(outcome.sender.senderReportsSent >= 10, "an SR per stream about every second")
        #expect(outcome.sender.roundTripTime != nil, "RTT measured from the viewer's reports about our SRs")
        #expect(outcome.sender.sendFailures == 0)
        #expect(outcome.receiver.rtcpPacketsSent >= 5, "the viewer's receiver reports went out")
    }

    @Test func fivePercentLossIsRepairedByNACKAndRTX() async throws {
        let outcome = try await Self.watch(seconds: 10, dropPercent: 5)
        let indexes = outcome.frameIndexes.compactMap { $0 }
        let video = try #require(outcome.viewer.video)
        #expect(outcome.dropped > 100, "the hook really dropped packets: \(outcome.dropped)")
        #expect(video.nacksSent > 0 && outcome.sender.nacksReceived > 0)
        #expect(outcome.sender.retransmissions > 0 && video.stream.retransmissionsReceived > 0)
        #expect(Double(indexes.count) >= 0.95 * Double(outcome.camera.framesEncoded),
                "≥ 95 % of frames decode clean: \(indexes.count) of \(outcome.camera.framesEncoded)")
        #expect(zip(indexes, indexes.dropFirst()).allSatisfy { $1 > $0 }, "frames stay in order")
        #expect(outcome.tone.tone * 10 >= outcome.tone.total * 8, "the tone survives the loss: \(outcome.tone)")
    }
}
