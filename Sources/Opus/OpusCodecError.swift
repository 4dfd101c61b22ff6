/// Why the Opus encoder or decoder refused a setting, a block of audio or a packet.
/// Each case names the rule that was broken.
public enum OpusCodecError: Error, Equatable, Sendable {
    /// PeerCam audio is mono or stereo.
    case channelCountUnsupported(Int)
    /// A block or packet has a different channel count than the codec was made for.
    case channelCountMismatch(expected: Int, actual: Int)
    /// libopus accepts 6 000…510 000 bit/s.
    case bitrateOutOfRange(Int)
    /// libopus complexity runs 0…10.
    case complexityOutOfRange(Int)
    case packetLossPercentOutOfRange(Int)
    /// Concealment and FEC recovery fill whole 2.5 ms steps of at most 120 ms.
    case concealedDurationInvalid(samplesPerChannel: Int)
    /// An Opus packet has at least one byte, its TOC (RFC 6716 §3.1).
    case emptyPacket
    /// libopus rejected the call; `code` is its error code, `message` its text for it.
    case libopus(call: String, code: Int32, message: String)
}
