/// Where a ``DTLSTransport`` is in its life. Moves only forward:
/// `new → handshaking → connected → closedLocally | closedByPeer`, or to `failed` from any
/// state before closing.
public enum DTLSTransportState: Sendable, Hashable {
    /// Created; datagrams received now are held until ``DTLSTransport/start()``.
    case new
    /// Flights are being exchanged.
    case handshaking
    /// The handshake finished, the peer's certificate matched its fingerprint and an SRTP
    /// profile was agreed: keys can be exported.
    case connected
    /// ``DTLSTransport/close()`` sent close_notify (or abandoned an unfinished handshake).
    case closedLocally
    /// The peer sent close_notify ([RFC 5246 §7.2.1](https://www.rfc-editor.org/rfc/rfc5246#section-7.2.1)).
    case closedByPeer
    /// The handshake or the connection failed; the transport is unusable.
    case failed(DTLSTransportError)

    /// True once nothing more can happen on this transport.
    public var isFinished: Bool {
        switch self {
        case .closedLocally, .closedByPeer, .failed: true
        case .new, .handshaking, .connected: false
        }
    }
}
