import CameraPipeline
import Glibc
import H264
import Media
import MediaSession
import Testing

/// Issue 5 item 6, "Must show": a camera stream through `PeerMediaSender` → PeerConnection A
/// ⇄ B → `PeerMediaReceiver`, in one process over loopback, with real encoders, DTLS, SRTP
/// and decoders. Serialized: each test encodes 720p30 on a shared 2-core machine.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct PeerMediaSessionTests {
    static let width = 1280
    static let height = 720

    /// A 720p30 test-pattern + tone stream and its shared feedback, as camera-agent makes them.
    static func makeStream() throws -> (CameraStream, CameraStreamFeedback) {
        let configuration = CameraStreamConfiguration(
            video: CameraStreamRTPParameters(ssrc: 0x0CA3_0001, payloadType: 102, clockRate: 90_000),
            videoEncoder: H264EncoderConfiguration(width: width, height: height, framesPerSecond: 30,
                                                   targetBitrate: 2_000_000),
            audio: CameraStreamRTPParameters(ssrc: 0x0CA3_0002, payloadType: 111, clockRate: 48_000))
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

    /// Runs one link for `seconds`, then closes it; returns what the viewer saw and what the
    /// camera counted.
    static func stream(seconds: Int, dropPercent: Int) async throws
        -> (TestMediaReceiver.Results, PeerMediaSenderStatistics, CameraStreamCounters, PeerMediaReceiverStatistics, Int, Double)
    {
        let (stream, feedback) = try makeStream()
        let cpuBefore = processCPUSeconds()
        let link = try CameraViewerLink(stream: stream, feedback: feedback, width: width, height: height,
                                        dropPercent: dropPercent, seed: 0x5EED_0005)
        #expect(await eventually(within: .seconds(10)) { link.sender.statistics.isSending })
        try await Task.sleep(for: .seconds(seconds))
        let counters = stream.counters
        // Let the last frames and their repairs arrive before closing.
        try await Task.sleep(for: .milliseconds(400))
        let senderStatistics = link.sender.statistics
        await link.close()
        let cpu = processCPUSeconds() - cpuBefore
        #expect(stream.subscriberCount == 0, "closing the connection left the stream")
        #expect(!stream.counters.isRunning, "the last viewer gone stops capture and encoding")
        let results = link.results.value
        let ttff = results.firstFrameAt.map { link.offeredAt.duration(to: $0) }
        print("""
            [media-session] drop \(dropPercent)%: \(seconds) s, frames encoded \(counters.framesEncoded), \
            decoded \(results.frameIndexes.count), first frame \(ttff.map { "\($0)" } ?? "none") after the offer, \
            dropped by test \(link.dropped.value), NACK messages \(results.nacksSent) \
            (\(results.sequenceNumbersNACKed) seq), retransmissions \(senderStatistics.retransmissions) \
            (received \(results.retransmissionsReceived)), damaged units \(results.damagedAccessUnits), \
            PLIs \(results.plisSent), SRs \(senderStatistics.senderReportsSent), RRs \(results.receiverReportsSent), \
            RTT \(senderStatistics.roundTripTime.map { "\($0)" } ?? "none"), peer loss \(senderStatistics.fractionLost), \
            tone blocks \(results.toneBlocks)/\(results.audioBlocksDecoded), process CPU \(cpu) s
            """)
        return (results, senderStatistics, counters, link.receiver.statistics, link.dropped.value, cpu)
    }

    @Test func cameraStreamReachesTheViewerOverAPeerConnectionEveryFrameInOrderWithTheTone() async throws {
        let (results, sender, counters, receiver, _, _) = try await Self.stream(seconds: 10, dropPercent: 0)
        let indexes = results.frameIndexes
        #expect(indexes.count >= 280, "10 s at 30 fps: \(indexes.count) frames decoded")
        #expect(zip(indexes, indexes.dropFirst()).allSatisfy { $1 == $0 + 1 }, "every frame index, in order, none missing")
        #expect(UInt64(indexes.count) + 2 >= counters.framesEncoded, "all encoded frames but the last in flight")
        #expect(results.damagedAccessUnits == 0)
        #expect(results.audioBlocksDecoded >= 450, "10 s of 20 ms Opus packets: \(results.audioBlocksDecoded)")
        #expect(results.toneBlocks * 10 >= results.audioBlocksDecoded * 9, "the tone is heard: \(results.toneBlocks)/\(results.audioBlocksDecoded)")
        #expect(sender.senderReportsSent >= 10, "an SR per stream about every second")
        #expect(sender.roundTripTime != nil, "RTT measured from the viewer's reports about our SRs")
        #expect(sender.sendFailures == 0)
        #expect(receiver.packetsDroppedQueueFull == 0)
        #expect(receiver.rtcpPacketsSent > 0)
    }

    @Test func fivePercentLossIsRepairedByNACKAndRTX() async throws {
        let (results, sender, counters, _, dropped, _) = try await Self.stream(seconds: 10, dropPercent: 5)
        let indexes = results.frameIndexes
        #expect(dropped > 100, "the hook really dropped packets: \(dropped)")
        #expect(results.nacksSent > 0 && sender.nacksReceived > 0)
        #expect(sender.retransmissions > 0 && results.retransmissionsReceived > 0)
        #expect(Double(indexes.count) >= 0.95 * Double(counters.framesEncoded),
                "≥ 95 % of frames decode clean: \(indexes.count) of \(counters.framesEncoded)")
        #expect(zip(indexes, indexes.dropFirst()).allSatisfy { $1 > $0 }, "frames stay in order")
        #expect(sender.fractionLost >= 0, "the viewer's loss reached the sender's statistics")
    }
}
