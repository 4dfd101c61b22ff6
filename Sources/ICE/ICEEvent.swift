/// What an `ICEAgent` reports through its `events` stream, in the order libnice produced it.
public enum ICEEvent: Equatable, Sendable {
    /// A local candidate to trickle to the peer (RFC 8838 §4); also re-sent for every local
    /// candidate after an ICE restart.
    case localCandidate(ICECandidate)
    /// Local gathering finished: signal end-of-candidates to the peer (RFC 8838 §8.2).
    case gatheringComplete
    /// The component's state changed.
    case stateChanged(ICEConnectionState)
    /// libnice selected (or replaced) the pair that carries data.
    case selectedPairChanged(ICECandidatePair)
}
