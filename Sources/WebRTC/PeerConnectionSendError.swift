import ICE
import SRTP

/// Why ``PeerConnection/send(rtp:)`` or ``PeerConnection/send(rtcp:)`` did not put a packet
/// on the wire.
public enum PeerConnectionSendError: Error, Sendable, Equatable {
    /// Not `.connected`: no media before DTLS is up and SRTP keyed (RFC 5763 §5, DESIGN.md).
    /// Carries the state seen.
    case notConnected(PeerConnectionState)
    /// The RTP packet's SSRC is not one a negotiated sending transceiver owns
    /// ([RFC 8843 §9.2](https://www.rfc-editor.org/rfc/rfc8843#section-9.2): the SSRC tells the
    /// receiver which section a packet belongs to, so a stray one would be misrouted).
    case ssrcNotSending(UInt32)
    /// Too short to carry an RTP (12 bytes) or RTCP (8 bytes) header.
    case rfc3550PacketTooShort(byteCount: Int)
    /// SRTP refused to protect it.
    case srtp(SRTPError)
    /// ICE refused to send it (pair lost, socket full).
    case ice(ICESendError)
}
