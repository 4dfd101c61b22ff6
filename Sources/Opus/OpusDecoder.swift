import COpus
import Media

/// One libopus decoder for one incoming audio stream: Opus packets in, 48 kHz PCM
/// `AudioFrame`s out, with the two ways of filling a lost packet's gap:
/// - `concealLoss` (packet-loss concealment) when nothing about the lost packet is
///   known: libopus extrapolates plausible sound instead of a click of silence;
/// - `recoverLoss(from:)` when the packet after the gap has arrived: its in-band FEC
///   (LBRR) data rebuilds a coarse copy of the lost one (RFC 6716 §2.1.7).
///
/// - Important: Not thread-safe: keep it in the task that owns the stream's jitter buffer.
public final class OpusDecoder {
    /// 120 ms, the longest an Opus packet can decode to (RFC 6716 §3.2.5).
    public static let maximumSamplesPerChannel = 5_760

    /// Largest packet worth handing to libopus: 120 ms of 1275-byte frames (RFC 6716
    /// §3.2.5 caps a packet at 48 frames) plus framing; anything longer is invalid.
    static let maximumPacketBytes = 48 * 1_275 + 100

    public let channelCount: Int
    private let decoder: OpaquePointer

    public init(channelCount: Int) throws(OpusCodecError) {
        guard channelCount == 1 || channelCount == 2 else { throw .channelCountUnsupported(channelCount) }
        var error: Int32 = 0
        guard let created = opus_decoder_create(Int32(AudioFrame.sampleRate), Int32(channelCount), &error),
              error == OPUS_OK else {
            throw OpusCodecError.libopus(call: "opus_decoder_create", code: error)
        }
        decoder = created
        self.channelCount = channelCount
    }

    deinit { opus_decoder_destroy(decoder) }

    /// Decodes one packet into `block`, reusing its storage when the length is unchanged.
    /// The block takes the packet's timestamp and sequence number.
    public func decode(_ packet: EncodedAudioPacket, into block: inout AudioFrame) throws(OpusCodecError) {
        guard !packet.payload.isEmpty else { throw .emptyPacket }
        guard packet.payload.count <= Self.maximumPacketBytes else {
            throw .libopus(call: "opus_decode", code: OPUS_INVALID_PACKET)
        }
        let samples = packet.payload.withUnsafeBufferPointer { bytes -> Int32 in
            guard let base = bytes.baseAddress else { return OPUS_BAD_ARG }
            return opus_decoder_get_nb_samples(decoder, base, Int32(bytes.count))
        }
        guard samples > 0 else { throw .libopus(call: "opus_decoder_get_nb_samples", code: samples) }
        try run(packet.payload, samplesPerChannel: Int(samples), forwardErrorCorrection: false,
                timestamp: packet.timestamp, sequenceNumber: packet.sequenceNumber, into: &block)
    }

    /// Fills the gap of one lost packet with concealment audio.
    /// - Parameters:
    ///   - samplesPerChannel: the lost packet's length (960 for 20 ms), a multiple of 2.5 ms.
    public func concealLoss(samplesPerChannel: Int = 960, timestamp: MediaTime, sequenceNumber: UInt64,
                            into block: inout AudioFrame) throws(OpusCodecError) {
        try Self.validateGap(samplesPerChannel)
        try run(nil, samplesPerChannel: samplesPerChannel, forwardErrorCorrection: false,
                timestamp: timestamp, sequenceNumber: sequenceNumber, into: &block)
    }

    /// Rebuilds the packet lost just before `nextPacket` from `nextPacket`'s FEC data
    /// (libopus falls back to concealment if it carries none). Decode `nextPacket` itself
    /// normally afterwards.
    public func recoverLoss(from nextPacket: EncodedAudioPacket, samplesPerChannel: Int = 960, timestamp: MediaTime,
                            sequenceNumber: UInt64, into block: inout AudioFrame) throws(OpusCodecError) {
        guard !nextPacket.payload.isEmpty else { throw .emptyPacket }
        guard nextPacket.payload.count <= Self.maximumPacketBytes else {
            throw .libopus(call: "opus_decode(fec)", code: OPUS_INVALID_PACKET)
        }
        try Self.validateGap(samplesPerChannel)
        try run(nextPacket.payload, samplesPerChannel: samplesPerChannel, forwardErrorCorrection: true,
                timestamp: timestamp, sequenceNumber: sequenceNumber, into: &block)
    }

    private static func validateGap(_ samplesPerChannel: Int) throws(OpusCodecError) {
        guard samplesPerChannel > 0, samplesPerChannel <= maximumSamplesPerChannel, samplesPerChannel % 120 == 0 else {
            throw .concealedDurationInvalid(samplesPerChannel: samplesPerChannel)
        }
    }

    private func run(_ payload: [UInt8]?, samplesPerChannel: Int, forwardErrorCorrection: Bool,
                     timestamp: MediaTime, sequenceNumber: UInt64, into block: inout AudioFrame) throws(OpusCodecError) {
        if block.channelCount != channelCount || block.samplesPerChannel != samplesPerChannel {
            block = AudioFrame(channelCount: channelCount, samplesPerChannel: samplesPerChannel)
        }
        let decoded = block.samples.withUnsafeMutableBufferPointer { output -> Int32 in
            guard let samples = output.baseAddress else { return OPUS_BAD_ARG }
            guard let payload else {
                return opus_decode(decoder, nil, 0, samples, Int32(samplesPerChannel), 0)
            }
            return payload.withUnsafeBufferPointer { input in
                opus_decode(decoder, input.baseAddress, Int32(input.count), samples,
                            Int32(samplesPerChannel), forwardErrorCorrection ? 1 : 0)
            }
        }
        guard decoded == Int32(samplesPerChannel) else {
            throw .libopus(call: forwardErrorCorrection ? "opus_decode(fec)" : "opus_decode", code: decoded < 0 ? decoded : OPUS_INTERNAL_ERROR)
        }
        block.timestamp = timestamp
        block.sequenceNumber = sequenceNumber
    }
}
