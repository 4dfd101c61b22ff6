import Media
import RTP

/// Turns one stream's encoded frames into marshaled RTP packets in one reusable buffer:
/// H264 with STAP-A/FU-A to the payload budget (RFC 6184), Opus one packet per payload
/// (RFC 7587). Sequence numbers and timestamps run on across restarts of the stream, so
/// the SSRC never jumps back for a viewer or a shared retransmission history; both kinds
/// take their timestamps from one `CameraRTPTimeline`.
///
/// - Important: Not thread-safe; `CameraRTPFanOut` keeps it behind its delivery lock.
final class RTPStreamPacketizer {
    private let videoParameters: CameraStreamRTPParameters
    private let audioParameters: CameraStreamRTPParameters?
    private var videoPayloader: H264RTPPayloader
    private var videoSequencer: RTPSequencer
    private var audioPayloader: OpusRTPPayloader
    private var audioSequencer: RTPSequencer?
    private let buffer: UnsafeMutableRawBufferPointer
    private var timeline = CameraRTPTimeline()
    /// Ticks (before the offset) of the last video frame: timestamps never go back, even if
    /// a restarted source's clock starts behind where the previous one ended.
    private var lastVideoTicks: UInt64?

    /// Room for the RTP header (12 bytes, 15 CSRCs, extension) on top of the payload budget.
    private static let headerAllowance = 12 + 4 * 15 + 4 + 1024

    init(configuration: CameraStreamConfiguration) throws(H264RTPPayloaderError) {
        videoParameters = configuration.video
        audioParameters = configuration.audio
        videoPayloader = try H264RTPPayloader(maximumPayloadSize: configuration.maximumPayloadSize)
        videoSequencer = RTPSequencer(parameters: configuration.video)
        audioSequencer = configuration.audio.map { RTPSequencer(parameters: $0) }
        audioPayloader = OpusRTPPayloader(initialTimestamp: configuration.audio?.timestampOffset ?? 0)
        // An Opus packet is at most 1275 bytes (RFC 6716 §3.4), which may exceed the video budget.
        let capacity = max(configuration.maximumPayloadSize, 1_500) + Self.headerAllowance
        buffer = .allocate(byteCount: capacity, alignment: 8)
    }

    deinit { buffer.deallocate() }

    /// Packetizes one access unit; `emit` gets each packet, borrowed, in order.
    func packetize(_ frame: EncodedVideoFrame, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        timeline.anchor(at: frame.timestamp)
        var ticks = timeline.ticks(at: frame.timestamp, clockRate: videoParameters.clockRate) ?? 0
        if let last = lastVideoTicks, ticks <= last { ticks = last + 1 }
        lastVideoTicks = ticks
        let timestamp = videoParameters.timestampOffset &+ UInt32(truncatingIfNeeded: ticks)
        try frame.annexB.withUnsafeBytes { accessUnit in
            try videoPayloader.packetize(accessUnit: accessUnit) { payload, isLast in
                let header = videoSequencer.nextHeader(timestamp: timestamp, marker: isLast)
                try emit(marshal(header, payload))
            }
        }
    }

    /// Packetizes one Opus packet; streams without audio never call this.
    ///
    /// Timestamps count samples (RFC 7587 §4.1), so capture jitter does not show; when the
    /// capture time runs more than a packet ahead of that count (a restart, a capture
    /// overrun), the count jumps to it and the packet starts a new talkspurt (marker set).
    func packetize(_ packet: EncodedAudioPacket, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard var sequencer = audioSequencer, let parameters = audioParameters else { return }
        timeline.anchor(at: packet.timestamp)
        let ticks = timeline.ticks(at: packet.timestamp, clockRate: parameters.clockRate) ?? 0
        let captured = parameters.timestampOffset &+ UInt32(truncatingIfNeeded: ticks)
        let ahead = Int32(bitPattern: captured &- audioPayloader.nextTimestamp)
        if ahead > Int32(packet.samplesPerChannel) { audioPayloader.skip(samples: Int(ahead)) }
        let rtp = try audioPayloader.packetize(opusPacket: packet.payload, sequencer: &sequencer)
        audioSequencer = sequencer
        try rtp.payload.withUnsafeBytes { payload in try emit(marshal(rtp.header, payload)) }
    }

    func anchorTimeline(at time: MediaTime) { timeline.anchor(at: time) }

    /// The RTP timestamp that capture instant `time` has on the `kind` stream; nil before
    /// the first packet or for a stream without audio. For sender reports.
    func rtpTimestamp(at time: MediaTime, kind: CameraMediaKind) -> UInt32? {
        guard let parameters = kind == .video ? videoParameters : audioParameters,
              let ticks = timeline.ticks(at: time, clockRate: parameters.clockRate) else { return nil }
        return parameters.timestampOffset &+ UInt32(truncatingIfNeeded: ticks)
    }

    /// Header then payload into the shared buffer; the result is valid until the next call.
    private func marshal(_ header: RTPHeader, _ payload: UnsafeRawBufferPointer) throws -> UnsafeRawBufferPointer {
        let headerSize = try header.marshal(into: buffer)
        let size = headerSize + payload.count
        guard size <= buffer.count else { throw RTPPacketError.bufferTooSmall(needed: size, available: buffer.count) }
        UnsafeMutableRawBufferPointer(rebasing: buffer[headerSize..<size]).copyMemory(from: payload)
        return UnsafeRawBufferPointer(rebasing: buffer[0..<size])
    }
}
