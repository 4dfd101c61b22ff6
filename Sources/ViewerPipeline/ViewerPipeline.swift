import Media
import RTCP
import RTP

/// The viewer side of a stream, from unprotected RTP/RTCP to files, pipes and a recording:
///
/// ```
/// RTP in → VideoReceiver (reorder → depacketize → H264 decode) ─┬→ Y4M
///        → AudioReceiver (reorder → depayload → Opus + PLC/FEC) ├→ WAV
///                                                               └→ Matroska (original units)
/// RTCP out: RR every ~1 s, NACK for holes, PLI when the decoder cannot go on.
/// ```
///
/// The network side (PeerConnection) hands in packets after SRTP unprotect with their
/// arrival time, sends what `sendRTCP` gets, and calls `poll(at:)` at `nextDeadline`
/// (or every few milliseconds). Time is any monotonic `Duration` with a fixed origin, so
/// tests run it on a simulated clock. One packet at a time, no tasks per packet.
///
/// - Important: Not thread-safe; owned by the one task that receives the session's packets.
public final class ViewerPipeline {
    public let configuration: ViewerPipelineConfiguration
    public let outputs: ViewerOutputs
    private let sendRTCP: ([UInt8]) -> Void
    var video: VideoReceiver?
    var audio: AudioReceiver?
    let startTime: Duration
    var nextReportAt: Duration?
    var packetsRefused: Int64 = 0
    var receiverReportsSent: Int64 = 0
    var reconnects = 0
    /// Reused to marshal outgoing RTCP.
    private var rtcpBuffer: [UInt8] = []

    /// - Parameters:
    ///   - startTime: when the watch began (on the clock `now` values use), for time to first frame.
    ///   - sendRTCP: one RTCP datagram (compound or RFC 5506 reduced-size) to protect and send.
    ///   - onOutputEnded: told when an output stops early, with the reason (log it).
    /// - Throws: codec setup errors, or sink errors when the WAV or Matroska output cannot be opened.
    public init(configuration: ViewerPipelineConfiguration, outputs outputConfiguration: ViewerOutputConfiguration,
                startTime: Duration, sendRTCP: @escaping ([UInt8]) -> Void,
                onOutputEnded: @escaping (ViewerOutputKind, String) -> Void = { _, _ in }) throws {
        self.configuration = configuration
        self.startTime = startTime
        self.sendRTCP = sendRTCP
        let outputs = try ViewerOutputs(configuration: outputConfiguration, hasVideo: configuration.video != nil,
                                        audioChannelCount: configuration.audio?.channelCount, onEnded: onOutputEnded)
        self.outputs = outputs
        rtcpBuffer.reserveCapacity(1500)
        if let audioConfiguration = configuration.audio {
            audio = try AudioReceiver(configuration: audioConfiguration, outputs: outputs)
        }
        if let videoConfiguration = configuration.video {
            video = try VideoReceiver(configuration: videoConfiguration, localSSRC: configuration.localSSRC, outputs: outputs)
        }
        video?.sendFeedback = { [unowned self] packets in self.send(packets) }
    }

    /// One RTP packet as received (after SRTP unprotect), read in place: the receive path
    /// hands its reused buffer here without another copy.
    public func receiveRTP(_ bytes: UnsafeRawBufferPointer, at now: Duration) throws(ViewerPipelineInputError) {
        let packet: RTPPacket
        do { packet = try RTPPacket(unmarshaling: bytes) } catch {
            packetsRefused += 1
            throw .rtpMalformed(error)
        }
        try receiveRTP(packet, wireSize: bytes.count, at: now)
    }

    /// One RTP packet as received, from an array.
    public func receiveRTP(_ bytes: [UInt8], at now: Duration) throws(ViewerPipelineInputError) {
        // `withUnsafeBytes` rethrows untyped errors; a Result keeps the typed one.
        try bytes.withUnsafeBytes { raw in
            Result { () throws(ViewerPipelineInputError) in try receiveRTP(raw, at: now) }
        }.get()
    }

    /// One parsed RTP packet; `wireSize` counts toward the received bytes and bitrate.
    public func receiveRTP(_ packet: RTPPacket, wireSize: Int? = nil, at now: Duration) throws(ViewerPipelineInputError) {
        let size = wireSize ?? packet.marshaledSize
        do throws(ViewerPipelineInputError) {
            if let video, video.accepts(packet.header) {
                try video.receive(packet, wireSize: size, at: now)
            } else if let audio, audio.accepts(packet.header) {
                try audio.receive(packet, wireSize: size, at: now)
            } else {
                throw ViewerPipelineInputError.rtpUnknownStream(payloadType: packet.header.payloadType, ssrc: packet.header.ssrc)
            }
        } catch {
            packetsRefused += 1
            throw error
        }
        if nextReportAt == nil { nextReportAt = now + configuration.receiverReportInterval }
    }

    /// One RTCP datagram from the sender: SRs feed LSR/DLSR of our reports; the rest
    /// (SDES, BYE, the sender's own feedback) needs nothing from a receive-only viewer.
    public func receiveRTCP(_ bytes: UnsafeRawBufferPointer, at now: Duration) throws(ViewerPipelineInputError) {
        let compound: RTCPCompoundPacket
        do { compound = try RTCPCompoundPacket(unmarshaling: bytes) } catch { throw .rtcpMalformed(error) }
        for case .senderReport(let report) in compound.packets {
            video?.receivedSenderReport(report, at: now)
            audio?.receivedSenderReport(report, at: now)
        }
    }

    /// One RTCP datagram, from an array.
    public func receiveRTCP(_ bytes: [UInt8], at now: Duration) throws(ViewerPipelineInputError) {
        // `withUnsafeBytes` rethrows untyped errors; a Result keeps the typed one.
        try bytes.withUnsafeBytes { raw in
            Result { () throws(ViewerPipelineInputError) in try receiveRTCP(raw, at: now) }
        }.get()
    }
}

extension ViewerPipeline {
    /// Runs the timers: buffer deadlines, NACKs, PLIs, the receiver report.
    public func poll(at now: Duration) {
        video?.poll(at: now, roundTripTime: nil)
        audio?.poll(at: now, roundTripTime: nil)
        video?.updateRates(at: now)
        audio?.updateRates(at: now)
        if let due = nextReportAt, now >= due {
            sendReceiverReport(at: now)
            nextReportAt = now + configuration.receiverReportInterval
        }
    }

    /// When `poll(at:)` next has work; `nil` when only a new packet can change anything.
    public var nextDeadline: Duration? {
        earliest(earliest(video?.nextDeadline(roundTripTime: nil), audio?.nextDeadline(roundTripTime: nil)), nextReportAt)
    }

    /// The session is being re-established with the same camera (new ICE/DTLS, new SSRCs,
    /// new sequence and timestamp spaces). Every output stays open; recording timestamps
    /// continue after the last written ones, leaving the outage as a gap. The video decoder
    /// starts over and waits for a keyframe. Y4M and WAV carry no timestamps: the outage
    /// is not padded with repeated pictures or silence, the new pictures simply follow.
    public func resetForReconnect() throws {
        try video?.startNewSource()
        try audio?.startNewSource()
        nextReportAt = nil
        reconnects += 1
    }

    /// Releases what the buffers still hold (end of stream) and closes every output.
    public func finish(at now: Duration) {
        video?.drain(at: now)
        audio?.drain(at: now)
        outputs.close()
    }

    /// Sends one RR (RFC 3550 §6.4.2) with a block for each stream heard from.
    private func sendReceiverReport(at now: Duration) {
        let blocks = [video?.makeReport(at: now), audio?.makeReport(at: now)].compactMap { $0 }
        guard !blocks.isEmpty else { return }
        send([.receiverReport(RTCPReceiverReport(ssrc: configuration.localSSRC, reports: blocks))])
        receiverReportsSent += 1
    }

    private func send(_ packets: [RTCPPacket]) {
        rtcpBuffer.removeAll(keepingCapacity: true)
        // Our own packets are well-formed by construction; a failure here is a bug worth seeing.
        do { _ = try RTCPCompoundPacket(packets: packets).marshal(appendingTo: &rtcpBuffer) } catch {
            assertionFailure("RTCP we built did not marshal: \(error)")
            return
        }
        sendRTCP(rtcpBuffer)
    }
}
