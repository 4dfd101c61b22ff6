import SDP

/// Why a media session could not be set up on a `PeerConnection`.
public enum MediaSessionError: Error, Sendable, Equatable {
    /// The connection has no negotiated, sending transceiver of this kind (no answer applied
    /// yet, the section was rejected, or it is receive-only): nothing may be sent for it.
    case rfc8829NoSendingTransceiver(SDPMediaKind)
    /// The connection has no negotiated, receiving transceiver of this kind: a viewer
    /// pipeline would wait for media that never comes.
    case rfc8829NoReceivingTransceiver(SDPMediaKind)
}
