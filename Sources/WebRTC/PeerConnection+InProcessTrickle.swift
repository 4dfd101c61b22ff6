/// Trickle between two connections of one process: the signaling channel reduced to a task.
/// What tests, the set-up benchmark and in-process demos use instead of a network relay.
extension PeerConnection {
    /// Forwards every local candidate, then end-of-candidates, to `peer` until this
    /// connection's candidate stream ends (on `close()`). Candidates `peer` refuses are
    /// left out, as a real signaling relay would after logging them.
    /// - Returns: the relay task; cancel it, or await it after `close()`.
    public func trickleCandidates(to peer: PeerConnection) -> Task<Void, Never> {
        let candidates = localCandidates
        return Task {
            for await candidate in candidates {
                switch candidate {
                case .candidate(let line, _): try? peer.addRemoteCandidate(line)
                case .endOfCandidates: try? peer.addRemoteEndOfCandidates()
                }
            }
        }
    }
}
