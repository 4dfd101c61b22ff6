import RTCP
import RTP

/// Why the pipeline refused a packet handed to it. The packet is counted and dropped, and
/// the caller learns why (the network side logs it): bad input never crashes the viewer
/// and never disappears silently.
public enum ViewerPipelineInputError: Error, Equatable, Sendable {
    /// RFC 3550 §5.1: the bytes are not an RTP packet.
    case rtpMalformed(RTPPacketError)
    /// RFC 3550 §6.1: the bytes are not an RTCP compound packet.
    case rtcpMalformed(RTCPError)
    /// RFC 3550 §5.1 / RFC 8843: no negotiated stream uses this payload type and SSRC.
    case rtpUnknownStream(payloadType: UInt8, ssrc: UInt32)
    /// RFC 4588 §4: an RTX packet came before any media packet fixed the media SSRC, so
    /// the original stream it repairs is unknown.
    case rfc4588RetransmissionBeforeMedia(ssrc: UInt32)
    /// RFC 4588 §4: the RTX payload lacks the 2-byte original sequence number.
    case rfc4588RetransmissionMalformed(RTPPacketError)
    /// RFC 7587 §4.2: the payload is not a valid Opus packet (TOC / frame count).
    case rfc7587OpusPacketInvalid(OpusRTPError)
}
