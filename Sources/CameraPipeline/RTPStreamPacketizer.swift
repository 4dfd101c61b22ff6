import Media
import RTP

/// Turns one stream's encoded frames into marshaled RTP packets in one reusable buffer:
/// H264 with STAP-A/FU-A to the payload budget (RFC 6184), Opus one packet per payload
/// (RFC 7587). Sequence numbers and timestamps run on across restarts of the stream, so
/// the SSRC never jumps back for a viewer or a shared retransmission history.
///
/// - Important: Not thread-safe; `CameraRTPFanOut` keeps it behind its delivery lock.
final class RTPStreamPacketizer {
    private let videoParameters: CameraStreamRTPParameters
    private var videoPayloader: H264RTPPayloader
    private var videoSequencer: RTPSequencer
    private var audioPayloader: OpusRTPPayloader
    private var audioSequencer: RTPSequencer?
    private let buffer: UnsafeMutableRawBufferPointer
    /// Capture time of the first video frame ever packetized: RTP time counts from here.
    private var videoTimeBase: MediaTime?

    /// Room for the RTP header (12 bytes, 15 CSRCs, extension) on top of the payload budget.
    private static let headerAllowance = 12 + 4 * 15 + 4 + 1024

    init(configuration: CameraStreamConfiguration) throws(H264RTPPayloaderError) {
        videoParameters = configuration.video
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
        let timestamp = videoParameters.timestampOffset &+ UInt32(truncatingIfNeeded: videoTicks(at: frame.timestamp))
        try frame.annexB.withUnsafeBytes { accessUnit in
            try videoPayloader.packetize(accessUnit: accessUnit) { payload, isLast in
                let header = videoSequencer.nextHeader(timestamp: timestamp, marker: isLast)
                try emit(marshal(header, payload))
            }
        }
    }

    /// Packetizes one Opus packet; nil-audio streams never call this.
    func packetize(_ packet: EncodedAudioPacket, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard var sequencer = audioSequencer else { return }
        let rtp = try audioPayloader.packetize(opusPacket: packet.payload, sequencer: &sequencer)
        audioSequencer = sequencer
        try rtp.payload.withUnsafeBytes { payload in try emit(marshal(rtp.header, payload)) }
    }

    /// Media clock ticks from the first frame to `time`, rounded to the nearest tick, so a
    /// 30 fps source advances exactly 3000 ticks a frame instead of jittering by one.
    private func videoTicks(at time: MediaTime) -> UInt64 {
        let base = videoTimeBase ?? time
        videoTimeBase = base
        let elapsed = time.since(base).nanoseconds
        let rate = UInt64(videoParameters.clockRate)
        return elapsed / 1_000_000_000 * rate + (elapsed % 1_000_000_000 * rate + 500_000_000) / 1_000_000_000
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

extension RTPSequencer {
    init(parameters: CameraStreamRTPParameters) {
        self.init(ssrc: parameters.ssrc, payloadType: parameters.payloadType,
                  initialSequenceNumber: parameters.initialSequenceNumber, headerExtension: parameters.headerExtension)
    }
}
