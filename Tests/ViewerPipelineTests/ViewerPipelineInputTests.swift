import Foundation
import Glibc
import Media
import RTCP
import RTP
import Testing
@testable import ViewerPipeline
import TestSupport

/// Bad input gets a typed error, RTCP out is well-formed and carries what RFC 3550 asks,
/// statistics serialise, and one failing output does not stop the others.
@Suite("ViewerPipeline: input errors, RTCP, statistics, failing outputs")
struct ViewerPipelineInputTests {
    static func pipeline(outputs: ViewerOutputConfiguration = ViewerOutputConfiguration(),
                         box: RTCPOutbox = RTCPOutbox()) throws -> (ViewerPipeline, TestStreamSender) {
        let sender = try TestStreamSender(width: 160, height: 120)
        let pipeline = try ViewerPipeline(configuration: SimulatedSession.configuration(sender: sender), outputs: outputs,
                                          startTime: .zero, sendRTCP: { box.datagrams.append($0) })
        return (pipeline, sender)
    }

    static let header = RTPHeader(payloadType: TestStreamSender.videoPayloadType, sequenceNumber: 1, timestamp: 0, ssrc: 5)

    @Test("Refused RTP input names the rule it broke", arguments: [
        (RTPPacket(header: RTPHeader(payloadType: 99, sequenceNumber: 1, timestamp: 0, ssrc: 5), payload: [1]),
         ViewerPipelineInputError.rtpUnknownStream(payloadType: 99, ssrc: 5)),
        (RTPPacket(header: RTPHeader(payloadType: TestStreamSender.rtxPayloadType, sequenceNumber: 1, timestamp: 0, ssrc: 6),
                   payload: [0, 1, 0x65]),
         .rfc4588RetransmissionBeforeMedia(ssrc: 6)),
    ])
    func refusedPackets(packet: RTPPacket, expected: ViewerPipelineInputError) throws {
        let (pipeline, _) = try Self.pipeline()
        #expect(throws: expected) { try pipeline.receiveRTP(packet, at: .zero) }
        #expect(pipeline.statistics().packetsRefused == 1)
    }

    @Test("Garbage bytes are a malformed RTP or RTCP packet, never a crash")
    func garbage() throws {
        let (pipeline, _) = try Self.pipeline()
        var random = SeededGenerator(seed: 5)
        for length in 0..<64 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            do { try pipeline.receiveRTP(bytes, at: .milliseconds(length)) } catch {
                switch error {
                case .rtpMalformed, .rtpUnknownStream: break
                default: Issue.record("unexpected \(error)")
                }
            }
            do { try pipeline.receiveRTCP(bytes, at: .milliseconds(length)) } catch {
                guard case .rtcpMalformed = error else { Issue.record("unexpected \(error)"); continue }
            }
            pipeline.poll(at: .milliseconds(length))
        }
        #expect(pipeline.statistics().packetsRefused > 0)
    }

    @Test("A truncated RTX packet (no original sequence number) is refused as RFC 4588 malformed")
    func truncatedRTX() throws {
        let (pipeline, sender) = try Self.pipeline()
        for packet in try sender.nextVideoFrame() { try pipeline.receiveRTP(packet, at: .zero) }
        let rtx = RTPPacket(header: RTPHeader(payloadType: TestStreamSender.rtxPayloadType, sequenceNumber: 1, timestamp: 0,
                                              ssrc: sender.rtxSSRC), payload: [7])
        #expect(throws: ViewerPipelineInputError.rfc4588RetransmissionMalformed(.rfc4588MissingOriginalSequenceNumber)) {
            try pipeline.receiveRTP(rtx, at: .milliseconds(1))
        }
    }

    @Test("Once locked onto a media SSRC, another SSRC with the same payload type is refused (RFC 8843 one stream per m-line)")
    func ssrcLock() throws {
        let (pipeline, sender) = try Self.pipeline()
        for packet in try sender.nextVideoFrame() { try pipeline.receiveRTP(packet, at: .zero) }
        var stranger = try #require(try sender.nextVideoFrame().first)
        stranger.header.ssrc = 0xDEAD
        #expect(throws: ViewerPipelineInputError.rtpUnknownStream(payloadType: TestStreamSender.videoPayloadType, ssrc: 0xDEAD)) {
            try pipeline.receiveRTP(stranger, at: .milliseconds(33))
        }
    }

    @Test("RR every second with a block per stream; LSR/DLSR echo the sender's SR (RFC 3550 §6.4.1)")
    func receiverReports() throws {
        let box = RTCPOutbox()
        let (pipeline, sender) = try Self.pipeline(box: box)
        let report = RTCPSenderReport(ssrc: sender.videoSSRC, ntpTimestamp: 0x1234_5678_9ABC_DEF0, rtpTimestamp: 0,
                                      packetCount: 1, octetCount: 1)
        var now = 0
        for frame in 0..<45 {
            for packet in try sender.nextVideoFrame() { try pipeline.receiveRTP(packet, at: .milliseconds(now)) }
            for packet in try sender.nextAudioPacket() { try pipeline.receiveRTP(packet, at: .milliseconds(now)) }
            if frame == 10 { try pipeline.receiveRTCP(try RTCPCompoundPacket(packets: [.senderReport(report)]).marshaled(), at: .milliseconds(now)) }
            now += 33
            pipeline.poll(at: .milliseconds(now))
        }
        let reports = try box.datagrams.flatMap { try RTCPCompoundPacket(unmarshaling: $0).packets }.compactMap { packet -> RTCPReceiverReport? in
            if case .receiverReport(let report) = packet { return report }
            return nil
        }
        #expect(reports.count == 1, "one RR in the first 1.5 s")
        let rr = try #require(reports.first)
        #expect(rr.ssrc == 0xABCD)
        #expect(Set(rr.reports.map(\.ssrc)) == [sender.videoSSRC, sender.audioSSRC])
        let videoBlock = try #require(rr.reports.first { $0.ssrc == sender.videoSSRC })
        #expect(videoBlock.lastSenderReport == report.compactNTP)
        #expect(videoBlock.delaySinceLastSenderReport > 0)
        #expect(videoBlock.cumulativeLost == 0)
    }

    @Test("Statistics survive a JSON round trip (--stats-json)")
    func statisticsJSON() throws {
        let (pipeline, sender) = try Self.pipeline()
        for packet in try sender.nextVideoFrame() { try pipeline.receiveRTP(packet, at: .zero) }
        pipeline.poll(at: .milliseconds(500))
        let snapshot = pipeline.statistics()
        #expect(snapshot.video?.framesDecoded == 1)
        let json = try JSONEncoder().encode(snapshot)
        #expect(try JSONDecoder().decode(ViewerPipelineStatistics.self, from: json) == snapshot)
        #expect(String(decoding: json, as: UTF8.self).contains("\"timeToFirstFrameSeconds\""))
    }

    @Test("A pipe whose reader left ends only that output; the recording and WAV go on")
    func readerGoneEndsOneOutput() async throws {
        let directory = try OutputFileReaders.temporaryDirectory("pipe")
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        close(fds[0])  // the reader (ffplay) is gone before the first frame
        defer { close(fds[1]) }
        var ended: [(ViewerOutputKind, String)] = []
        let sender = try TestStreamSender(width: 160, height: 120)
        let pipeline = try ViewerPipeline(
            configuration: SimulatedSession.configuration(sender: sender),
            outputs: ViewerOutputConfiguration(video: .fileDescriptor(fds[1]), audio: .file(path: directory + "/a.wav"),
                                               recording: .file(path: directory + "/r.mkv")),
            startTime: .zero, sendRTCP: { _ in }, onOutputEnded: { ended.append(($0, $1)) })
        var now = 0
        for _ in 0..<30 {
            for packet in try sender.nextVideoFrame() { try pipeline.receiveRTP(packet, at: .milliseconds(now)) }
            for packet in try sender.nextAudioPacket() + sender.nextAudioPacket() {
                try pipeline.receiveRTP(packet, at: .milliseconds(now))
            }
            now += 33
            pipeline.poll(at: .milliseconds(now))
        }
        pipeline.finish(at: .milliseconds(now))
        #expect(ended.map(\.0) == [.video])
        #expect(ended.first?.1.contains("readerGone") == true)
        #expect(pipeline.statistics().endedOutputs.keys.sorted() == ["video"])
        #expect(pipeline.statistics().video?.framesDecoded == 30)
        #expect(try await OutputFileReaders.ffprobeVideoFrameCount(path: directory + "/r.mkv") == 30)
        #expect(try OutputFileReaders.wavSamples(path: directory + "/a.wav").count >= 50 * 960)
    }
}
