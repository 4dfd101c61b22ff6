import SDP

/// Why an offer/answer step or a trickled candidate was refused by the ``PeerConnection``
/// itself. SDP parse and negotiation failures are not wrapped: they surface as the
/// `SDPParseError` / `SDPNegotiationError` the SDP module threw, so callers can tell the peer
/// exactly what was missing.
public enum PeerConnectionSignalingError: Error, Sendable, Equatable {
    /// The call does not fit the offer/answer state (RFC 8829 §4.1.8 / JSEP state machine):
    /// `createOffer` twice, an answer without an offer, …
    case jsep(operation: String, state: PeerConnectionSignalingState)
    /// This transport negotiates once; ICE restarts and renegotiation are not supported yet.
    case renegotiationUnsupported
    /// No transceiver was added, so there is nothing to offer or answer with.
    case noTransceivers
    /// The SDP model carries one section per medium: a second transceiver of a kind is refused.
    case transceiverKindAlreadyAdded(SDPMediaKind)
    /// Transceivers are fixed once the first offer or answer was made.
    case transceiversFixedAfterNegotiation
    /// The connection was closed.
    case closed
    /// More remote candidates arrived before the remote description than are held
    /// (a runaway signaling peer); the limit is in the payload.
    case tooManyEarlyRemoteCandidates(limit: Int)
}

/// The JSEP signaling state ([RFC 8829 §3.2](https://www.rfc-editor.org/rfc/rfc8829#section-3.2)),
/// without provisional answers and rollback.
public enum PeerConnectionSignalingState: String, Sendable, Equatable {
    case stable
    case haveLocalOffer = "have-local-offer"
    case haveRemoteOffer = "have-remote-offer"
}
