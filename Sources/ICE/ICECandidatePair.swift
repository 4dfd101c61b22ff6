/// The local/remote candidate pair libnice selected to carry data (RFC 8445 §8.1.1).
public struct ICECandidatePair: Equatable, Sendable {
    public var local: ICECandidate
    public var remote: ICECandidate

    public init(local: ICECandidate, remote: ICECandidate) {
        self.local = local
        self.remote = remote
    }
}
