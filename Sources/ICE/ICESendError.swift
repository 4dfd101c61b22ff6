/// Why `ICEAgent.send(_:)` did not hand a datagram to the selected candidate pair.
public enum ICESendError: Error, Equatable, Sendable {
    /// No pair is selected yet, or connectivity was lost (RFC 8445 §12: data is only sent
    /// on a selected pair; RFC 7675 §5: not after consent expires). Carries the state seen.
    case notConnected(ICEConnectionState)
    /// The agent was closed.
    case closed
    /// libnice reported a socket error or would block (send buffer full): the datagram is
    /// not sent. Carries the byte count that was attempted.
    case transportRefused(byteCount: Int)
}
