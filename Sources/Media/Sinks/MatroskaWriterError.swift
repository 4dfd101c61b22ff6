/// Input a Matroska recording cannot take, named after the rule it breaks.
public enum MatroskaWriterError: Error, Sendable, Equatable {
    /// A recording needs at least one track.
    case noTracksDeclared
    /// Video arrived but the layout has no video track (or audio, no audio track):
    /// Matroska fixes its tracks before the first block.
    case videoTrackNotDeclared
    case audioTrackNotDeclared
    /// ISO/IEC 14496-15 §5.3.3.1: the CodecPrivate record needs at least one SPS
    /// and one PPS, taken from the first keyframe, which lacked them.
    case firstKeyframeLacksParameterSets(hasSPS: Bool, hasPPS: Bool)
    /// H.264 §7.3.2.1.1: an SPS holds at least a NAL header, profile, constraint
    /// flags and level (4 bytes).
    case sequenceParameterSetTooShort
    /// The record counts SPS in 5 bits and sizes each set in 16 bits.
    case parameterSetsDoNotFitConfigurationRecord
    /// The track's PixelWidth/PixelHeight must be positive.
    case videoDimensionsUnknown(width: Int, height: Int)
    /// RFC 6716 §3.1: an Opus packet has at least the TOC byte.
    case emptyOpusPacket
    /// The OpusHead fixed the channel count (RFC 7845 §5.1).
    case audioChannelCountChanged(declared: Int, packet: Int)
    /// PeerCam audio is mono or stereo (channel mapping family 0).
    case audioChannelCountUnsupported(Int)
}
