/// What ``PeerConnection/localCandidates`` yields for the signaling layer to trickle
/// ([RFC 8838 §4](https://www.rfc-editor.org/rfc/rfc8838#section-4)).
public enum PeerConnectionLocalCandidate: Sendable, Equatable {
    /// One candidate, as `candidate:…` (the `RTCIceCandidate.candidate` form, RFC 8839 §5.1),
    /// for the BUNDLE-tag section `mid`.
    case candidate(String, mid: String)
    /// Gathering finished: send `a=end-of-candidates` (RFC 8838 §8.2).
    case endOfCandidates(mid: String)
}
