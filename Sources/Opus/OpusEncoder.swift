import COpus
import Media

/// One libopus encoder for one audio stream: 48 kHz PCM blocks of any length in
/// (capture delivers 10 ms), 20 ms Opus packets (RFC 6716) out.
///
/// Input is staged until 960 samples per channel are there, so two 10 ms blocks make
/// one packet; the packet's timestamp is that of its first sample. Packets go to the
/// `emit` callback as they complete: one encoder, any number of consumers, the fan-out
/// is the caller's. The packet handed to `emit` reuses one buffer, so when consumers
/// do not keep it past the call, encoding allocates nothing per packet.
///
/// - Important: Not thread-safe: keep it in the actor or task that runs the audio
///   pipeline and call the setters from there.
public final class OpusEncoder {
    public static let samplesPerChannelPerPacket = 960
    /// Large enough for any single Opus frame (RFC 6716 §3.4: at most 1275 bytes).
    private static let maximumPacketBytes = 1_500

    public private(set) var configuration: OpusEncoderConfiguration
    private let encoder: OpaquePointer
    private var staged: [Int16]
    private var stagedSamplesPerChannel = 0
    private var stagedTimestamp = MediaTime.zero
    private var nextSequenceNumber: UInt64 = 0
    private var packet: EncodedAudioPacket

    public init(configuration: OpusEncoderConfiguration = OpusEncoderConfiguration()) throws(OpusCodecError) {
        try configuration.validate()
        var error: Int32 = 0
        let application = configuration.application == .voip ? OPUS_APPLICATION_VOIP : OPUS_APPLICATION_AUDIO
        guard let created = opus_encoder_create(Int32(AudioFrame.sampleRate), Int32(configuration.channelCount),
                                                application, &error), error == OPUS_OK else {
            throw OpusCodecError.libopus(call: "opus_encoder_create", code: error)
        }
        encoder = created
        self.configuration = configuration
        staged = [Int16](repeating: 0, count: Self.samplesPerChannelPerPacket * configuration.channelCount)
        packet = EncodedAudioPacket(payload: [], channelCount: configuration.channelCount,
                                    samplesPerChannel: Self.samplesPerChannelPerPacket, timestamp: .zero, sequenceNumber: 0)
        packet.payload.reserveCapacity(Self.maximumPacketBytes)
        do {
            try check(CPeerCam_opus_set_bitrate(encoder, Int32(configuration.bitrate)), "OPUS_SET_BITRATE")
            try check(CPeerCam_opus_set_complexity(encoder, Int32(configuration.complexity)), "OPUS_SET_COMPLEXITY")
            try check(CPeerCam_opus_set_inband_fec(encoder, configuration.forwardErrorCorrection ? 1 : 0), "OPUS_SET_INBAND_FEC")
            try check(CPeerCam_opus_set_packet_loss_perc(encoder, Int32(configuration.expectedPacketLossPercent)),
                      "OPUS_SET_PACKET_LOSS_PERC")
            try check(CPeerCam_opus_set_dtx(encoder, configuration.discontinuousTransmission ? 1 : 0), "OPUS_SET_DTX")
        } catch {
            opus_encoder_destroy(encoder)
            throw error
        }
    }

    deinit { opus_encoder_destroy(encoder) }

    /// Changes the bitrate from the next packet on (bandwidth estimation).
    public func setBitrate(_ bitsPerSecond: Int) throws(OpusCodecError) {
        guard OpusEncoderConfiguration.bitrateRange.contains(bitsPerSecond) else { throw .bitrateOutOfRange(bitsPerSecond) }
        try check(CPeerCam_opus_set_bitrate(encoder, Int32(bitsPerSecond)), "OPUS_SET_BITRATE")
        configuration.bitrate = bitsPerSecond
    }

    /// Tells the encoder how much loss to plan FEC for (from RTCP receiver reports).
    public func setExpectedPacketLossPercent(_ percent: Int) throws(OpusCodecError) {
        guard (0...100).contains(percent) else { throw .packetLossPercentOutOfRange(percent) }
        try check(CPeerCam_opus_set_packet_loss_perc(encoder, Int32(percent)), "OPUS_SET_PACKET_LOSS_PERC")
        configuration.expectedPacketLossPercent = percent
    }

    /// Stages `block` and calls `emit` once for every 20 ms packet it completes (none,
    /// one, or several for long blocks). Packets are numbered from 0, one number per 20 ms of
    /// input. If libopus or `emit` throws, the error is rethrown, the rest of the block is
    /// not staged and that packet's number stays unused, so the loss shows downstream.
    ///
    /// With DTX on, packets of 1–2 bytes mean "silence, nothing to send"; they are still
    /// emitted so that the sender decides.
    public func encode(_ block: AudioFrame, emit: (EncodedAudioPacket) throws -> Void) throws {
        let channels = configuration.channelCount
        guard block.channelCount == channels else {
            throw OpusCodecError.channelCountMismatch(expected: channels, actual: block.channelCount)
        }
        let perPacket = Self.samplesPerChannelPerPacket
        var consumed = 0
        while consumed < block.samplesPerChannel {
            if stagedSamplesPerChannel == 0 {
                stagedTimestamp = block.timestamp + Self.duration(ofSamples: consumed)
            }
            let count = min(perPacket - stagedSamplesPerChannel, block.samplesPerChannel - consumed)
            staged.withUnsafeMutableBufferPointer { destination in
                block.samples.withUnsafeBufferPointer { source in
                    guard let to = destination.baseAddress, let from = source.baseAddress else { return }
                    (to + stagedSamplesPerChannel * channels).update(from: from + consumed * channels, count: count * channels)
                }
            }
            stagedSamplesPerChannel += count
            consumed += count
            if stagedSamplesPerChannel == perPacket {
                // Staging restarts even if libopus or `emit` fails: the error reports
                // the lost 20 ms and the next packet keeps the timeline and numbering.
                stagedSamplesPerChannel = 0
                try encodeStaged()
                try emit(packet)
            }
        }
    }

    private func encodeStaged() throws(OpusCodecError) {
        packet.timestamp = stagedTimestamp
        packet.sequenceNumber = nextSequenceNumber
        nextSequenceNumber += 1
        packet.payload.removeAll(keepingCapacity: true)
        packet.payload.append(contentsOf: repeatElement(0, count: Self.maximumPacketBytes))
        let length = packet.payload.withUnsafeMutableBufferPointer { output -> Int32 in
            staged.withUnsafeBufferPointer { input -> Int32 in
                guard let pcm = input.baseAddress, let bytes = output.baseAddress else { return OPUS_BAD_ARG }
                return opus_encode(encoder, pcm, Int32(Self.samplesPerChannelPerPacket), bytes, Int32(output.count))
            }
        }
        guard length > 0 else { throw .libopus(call: "opus_encode", code: length) }
        packet.payload.removeSubrange(Int(length)...)
    }

    private static func duration(ofSamples samples: Int) -> MediaDuration {
        MediaDuration(nanoseconds: UInt64(samples) * 1_000_000_000 / UInt64(AudioFrame.sampleRate))
    }

    private func check(_ code: Int32, _ request: String) throws(OpusCodecError) {
        guard code == OPUS_OK else { throw .libopus(call: "opus_encoder_ctl(\(request))", code: code) }
    }
}

extension OpusCodecError {
    /// A libopus failure with libopus's own description of `code`.
    static func libopus(call: String, code: Int32) -> OpusCodecError {
        .libopus(call: call, code: code, message: String(cString: opus_strerror(code)))
    }
}
