/// The Opus identification header "OpusHead" (RFC 7845 §5.1), which Matroska's
/// `A_OPUS` track carries as CodecPrivate. Channel mapping family 0: mono or
/// stereo, no mapping table.
struct OpusIdentificationHeader: Equatable {
    let channelCount: Int
    /// Samples (at 48 kHz) to discard from the start of decoded output: the
    /// encoder's lookahead. libopus reports 312 for its default applications.
    let preSkip: Int

    var bytes: [UInt8] {
        let rate = UInt32(AudioFrame.sampleRate)
        return Array("OpusHead".utf8) + [
            1, UInt8(channelCount),
            UInt8(preSkip & 0xFF), UInt8(preSkip >> 8),
            UInt8(rate & 0xFF), UInt8((rate >> 8) & 0xFF), UInt8((rate >> 16) & 0xFF), UInt8(rate >> 24),
            0, 0, // output gain, Q7.8 dB
            0,    // channel mapping family
        ]
    }

    /// Matroska CodecDelay (RFC 9559 §5.1.4.1.14) in nanoseconds: the pre-skip as time.
    var codecDelayNanoseconds: UInt64 { UInt64(preSkip) * 1_000_000_000 / UInt64(AudioFrame.sampleRate) }
}
