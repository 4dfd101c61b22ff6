import TestSupport
import H264
import Media
import MediaSession
import Opus
import RTCP
import RTP
import Synchronization

/// A viewer written in the test from the project's receive-side parts (reorder buffer, NACK
/// generator, keyframe requester, reception statistics, depacketizer, real OpenH264 and Opus
/// decoders): what the viewer pipeline does, reduced to what the assertions need, so the
/// sending half is proven against a receiver that really repairs loss.
///
/// Runs on the `PeerMediaReceiver` worker thread; results are read through `results`.
final class TestMediaReceiver: ReceivedMediaConsumer {
    struct Stream: Sendable {
        var ssrc: UInt32
        var payloadType: UInt8
        var rtxPayloadType: UInt8?
    }

    struct Results: Sendable {
        var frameIndexes: [UInt32] = []
        var keyframesDecoded = 0
        var firstFrameAt: ContinuousClock.Instant?
        /// Index of the last frame decoded from a keyframe, and when the last keyframe decoded.
        var lastKeyframeIndex: UInt32?
        var audioBlocksDecoded = 0
        var toneBlocks = 0
        var damagedAccessUnits = 0
        var nacksSent = 0
        var sequenceNumbersNACKed = 0
        var retransmissionsReceived = 0
        var plisSent = 0
        var receiverReportsSent = 0
        var packetsSkipped = 0
        var decodeErrors = 0
        /// The newest media sequence number heard (original or repaired).
        var lastVideoSequenceNumber: UInt16?
    }

    let results = Shared(Results())
    /// Set by a test: send one PLI at the next poll.
    let pictureLossRequested = Shared(false)

    private let video: Stream
    private let audio: Stream?
    private let localSSRC: UInt32 = 0x7E57_0001
    private let sendRTCP: @Sendable ([UInt8]) -> Void
    private var reorder = RTPReorderBuffer(maximumDelay: .milliseconds(150))
    private var nacks = RTPNACKGenerator()
    private var keyframes = RTPKeyframeRequester()
    private var depacketizer = H264RTPDepacketizer()
    private var videoStatistics: RTCPReceptionStatistics
    private var audioStatistics: RTCPReceptionStatistics?
    private let decoder: H264Decoder
    private let opus: OpusDecoder
    private var picture: VideoFrame
    private var block = AudioFrame(channelCount: 1, samplesPerChannel: 960)
    private var opusDepayloader = OpusRTPDepayloader()
    private let reader = TestPatternFrameIndexReader()
    private let toneDetector = ToneDetector()
    private var nextReport: Duration = .milliseconds(200)

    init(video: Stream, audio: Stream?, width: Int, height: Int, sendRTCP: @escaping @Sendable ([UInt8]) -> Void) throws {
        self.video = video
        self.audio = audio
        self.sendRTCP = sendRTCP
        videoStatistics = RTCPReceptionStatistics(ssrc: video.ssrc, clockRate: 90_000)
        audioStatistics = audio.map { RTCPReceptionStatistics(ssrc: $0.ssrc, clockRate: 48_000) }
        decoder = try H264Decoder()
        opus = try OpusDecoder(channelCount: 1)
        picture = VideoFrame(width: width, height: height)
    }

    func receiveRTP(_ bytes: UnsafeRawBufferPointer, at now: Duration) {
        guard var packet = try? RTPPacket(unmarshaling: bytes) else { return }
        if let rtx = video.rtxPayloadType, packet.header.payloadType == rtx {
            guard let original = try? RTPRetransmission.unwrap(packet, originalSSRC: video.ssrc,
                                                               originalPayloadType: video.payloadType) else { return }
            packet = original
            results.withLock { $0.retransmissionsReceived += 1 }
        }
        if packet.header.ssrc == video.ssrc, packet.header.payloadType == video.payloadType {
            videoStatistics.received(sequenceNumber: packet.header.sequenceNumber, rtpTimestamp: packet.header.timestamp, at: now)
            nacks.received(sequenceNumber: packet.header.sequenceNumber, at: now)
            results.withLock { $0.lastVideoSequenceNumber = packet.header.sequenceNumber }
            _ = reorder.insert(packet, at: now)
            drainVideo(at: now)
        } else if let audio, packet.header.ssrc == audio.ssrc, packet.header.payloadType == audio.payloadType {
            audioStatistics?.received(sequenceNumber: packet.header.sequenceNumber, rtpTimestamp: packet.header.timestamp, at: now)
            decodeAudio(packet)
        }
    }

    func receiveRTCP(_ bytes: UnsafeRawBufferPointer, at now: Duration) {
        guard let compound = try? RTCPCompoundPacket(unmarshaling: bytes) else { return }
        for case .senderReport(let report) in compound.packets {
            if report.ssrc == video.ssrc { videoStatistics.receivedSenderReport(report, at: now) }
            if report.ssrc == audio?.ssrc { audioStatistics?.receivedSenderReport(report, at: now) }
        }
    }

    func poll(at now: Duration) {
        drainVideo(at: now)
        let lost = nacks.sequenceNumbersToRequest(at: now, roundTripTime: .milliseconds(20))
        if !lost.isEmpty {
            send(.genericNACK(RTCPGenericNACK(senderSSRC: localSSRC, mediaSSRC: video.ssrc, lostSequenceNumbers: lost)))
            results.withLock {
                $0.nacksSent += 1
                $0.sequenceNumbersNACKed += lost.count
            }
        }
        if nacks.takeKeyframeRequest() { keyframes.decoderCannotContinue() }
        let asked = pictureLossRequested.withLock { asked in
            defer { asked = false }
            return asked
        }
        if asked || keyframes.shouldSendPictureLossIndication(at: now) {
            send(.pictureLossIndication(RTCPPictureLossIndication(senderSSRC: localSSRC, mediaSSRC: video.ssrc)))
            results.withLock { $0.plisSent += 1 }
        }
        if now >= nextReport {
            nextReport = now + .milliseconds(500)
            let blocks = [videoStatistics.makeReport(at: now), audioStatistics?.makeReport(at: now)].compactMap { $0 }
            if !blocks.isEmpty {
                send(.receiverReport(RTCPReceiverReport(ssrc: localSSRC, reports: blocks)))
                results.withLock { $0.receiverReportsSent += 1 }
            }
        }
    }

    var nextDeadline: Duration? {
        [reorder.nextDeadline, nacks.nextDeadline(roundTripTime: .milliseconds(20)), nextReport].compactMap { $0 }.min()
    }

    func finish(at now: Duration) {
        drainVideo(at: now)
    }

    private func send(_ packet: RTCPPacket) {
        if let bytes = try? RTCPCompoundPacket(packets: [packet]).marshaled() { sendRTCP(bytes) }
    }

    private func drainVideo(at now: Duration) {
        while let packet = reorder.popReady(at: now) {
            depacketizer.push(packet) { output in
                if case .discarded = output { results.withLock { $0.damagedAccessUnits += 1 } }
                guard let unit = keyframes.admit(output) else { return }
                decode(unit)
            }
        }
        results.withLock { $0.packetsSkipped = reorder.skippedCount }
    }

    private func decode(_ unit: H264AccessUnit) {
        let encoded = EncodedVideoFrame(annexB: unit.annexB, isKeyframe: unit.isKeyframe, width: picture.width,
                                        height: picture.height, timestamp: .zero, sequenceNumber: 0)
        do {
            guard try decoder.decode(encoded, into: &picture) else { return }
        } catch {
            keyframes.decoderCannotContinue()
            results.withLock { $0.decodeErrors += 1 }
            return
        }
        let index = reader.frameIndex(in: picture)
        results.withLock { results in
            if results.firstFrameAt == nil { results.firstFrameAt = .now }
            if let index {
                results.frameIndexes.append(index)
                if unit.isKeyframe { results.lastKeyframeIndex = index }
            }
            if unit.isKeyframe { results.keyframesDecoded += 1 }
        }
    }

    private func decodeAudio(_ packet: RTPPacket) {
        guard let frame = try? opusDepayloader.depayload(packet) else { return }
        let encoded = EncodedAudioPacket(payload: frame.opusPacket, channelCount: 1, samplesPerChannel: frame.samplesPerChannel,
                                         timestamp: .zero, sequenceNumber: 0)
        guard (try? opus.decode(encoded, into: &block)) != nil else { return }
        let tone = toneDetector.detect(in: block) != nil
        results.withLock {
            $0.audioBlocksDecoded += 1
            if tone { $0.toneBlocks += 1 }
        }
    }
}
