import SDP

/// Why a media session could not be set up on a `PeerConnection`.
public enum MediaSessionError: Error, Sendable, Equatable {
    /// The connection has no negotiated, sending transceiver of this kind (no answer applied
    /// yet, the section was rejected, or it is receive-only): nothing may be sent for it.
    case rfc8829NoSendingTransceiver(SDPMediaKind)
    /// The stream carries this kind but the peer did not negotiate it (audio rejected by a
    /// video-only viewer); the kind is then simply not sent, which the caller may accept.
    case streamKindNotNegotiated(SDPMediaKind)
}
