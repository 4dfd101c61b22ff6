/// Why `H264Decoder` could not turn an access unit into a picture.
///
/// Every case except `emptyAccessUnit` and `openH264Unavailable` means the same thing to
/// a viewer: the pictures that follow cannot be trusted until an IDR arrives, so ask the
/// sender for one (RTCP PLI, RFC 4585 §6.3.1). `needsKeyframe` says so in one place.
public enum H264DecoderError: Error, Equatable, Sendable {
    /// A slice arrived before any SPS/PPS (joined mid-stream, or parameter sets lost).
    case missingParameterSets
    /// A P-slice refers to a picture the decoder never got (a lost frame).
    case missingReference
    /// The bitstream is damaged; `status` is OpenH264's DECODING_STATE bit mask.
    case corruptBitstream(status: Int)
    /// An access unit must contain at least one byte.
    case emptyAccessUnit
    /// OpenH264 could not be created or initialised; `status` is what it returned.
    case openH264Unavailable(call: String, status: Int)

    /// True when decoding can only resume after a keyframe.
    public var needsKeyframe: Bool {
        switch self {
        case .missingParameterSets, .missingReference, .corruptBitstream: true
        case .emptyAccessUnit, .openH264Unavailable: false
        }
    }
}
