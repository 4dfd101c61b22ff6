/// One reassembled H.264 access unit, ready for a decoder or a recorder.
public struct H264AccessUnit: Equatable, Sendable {
    /// NAL units with a `00 00 00 01` start code before each.
    public var annexB: [UInt8]
    /// RTP timestamp shared by all packets of the access unit (90 kHz clock, RFC 6184 §5.1).
    public var rtpTimestamp: UInt32
    /// An IDR slice (NAL type 5) is present: a decoder can start here.
    public var isKeyframe: Bool
    /// SPS (type 7) and PPS (type 8) are both present.
    public var hasParameterSets: Bool

    public init(annexB: [UInt8], rtpTimestamp: UInt32, isKeyframe: Bool, hasParameterSets: Bool) {
        self.annexB = annexB
        self.rtpTimestamp = rtpTimestamp
        self.isKeyframe = isKeyframe
        self.hasParameterSets = hasParameterSets
    }
}

/// Why the H.264 depacketizer discarded an access unit instead of passing it on.
public enum H264RTPDepacketizerError: Error, Equatable, Sendable {
    /// RFC 3550 §5.1: sequence numbers jumped, so packets of this access unit may be missing.
    case rfc3550SequenceGap(expected: UInt16, received: UInt16)
    /// RFC 6184 §5.8: a sequence gap fell between fragments of one FU-A NAL unit.
    case rfc6184FragmentLost(expected: UInt16, received: UInt16)
    /// RFC 6184 §5.8: an FU-A continuation arrived without the fragment that has S set.
    case rfc6184FragmentWithoutStart
    /// RFC 6184 §5.8: the access unit (or another NAL unit) began before the FU-A with E set.
    case rfc6184FragmentWithoutEnd
    /// RFC 6184 §5.8: "the Start bit and End bit MUST NOT both be set to one in the same FU header".
    case rfc6184FragmentStartAndEnd
    /// RFC 6184 §5.8: the NAL unit type in FU headers changed within one fragmented unit.
    case rfc6184FragmentTypeChanged(from: UInt8, to: UInt8)
    /// RFC 6184 §5.8: an FU-A needs the FU indicator and FU header.
    case rfc6184FragmentTruncated
    /// RFC 6184 §5.7.1: an aggregation unit's size runs past the payload or is zero.
    case rfc6184AggregationUnitTruncated
    /// RFC 6184 §5.3: the F bit signals a syntax violation; the unit must not reach a decoder.
    case rfc6184ForbiddenBitSet
    /// RFC 6184 §6.3: STAP-B, MTAP16, MTAP24 and FU-B belong to interleaved mode, which was
    /// not negotiated.
    case rfc6184NotAllowedInNonInterleavedMode(nalType: UInt8)
    /// RFC 6184 §5.4 Table 1: NAL types 0, 30 and 31 are reserved.
    case rfc6184ReservedNALUnitType(UInt8)
    /// RFC 6184 §5.2: a payload carries at least the one-byte NAL unit header.
    case rfc6184EmptyPayload
}

/// What the depacketizer hands on for each access unit it finishes.
public enum H264RTPDepacketizerOutput: Equatable, Sendable {
    case accessUnit(H264AccessUnit)
    /// All packets of the access unit with this timestamp were dropped, for `reason` (the
    /// first problem seen). A decoder that needs a clean reference asks for a keyframe.
    case discarded(rtpTimestamp: UInt32, reason: H264RTPDepacketizerError)
}
