import DTLS
import SRTP

/// Where a ``PeerConnection``'s transport is, in the vocabulary of
/// `RTCPeerConnectionState` ([W3C WebRTC §4.4.3](https://www.w3.org/TR/webrtc/#rtcpeerconnectionstate-enum)),
/// reduced to what a single bundled transport needs.
///
/// Moves only forward: `new → checking → connected`, then `failed` or `closed`; `failed` may
/// still become `closed` when the owner closes the connection.
public enum PeerConnectionState: Sendable, Equatable {
    /// Nothing negotiated yet, or negotiated and gathering.
    case new
    /// ICE checks run, or ICE is up and the DTLS handshake is running.
    case checking
    /// ICE connected AND the DTLS handshake done (peer certificate matched its SDP fingerprint)
    /// AND SRTP keyed: media may flow.
    case connected
    /// The transport broke; the reason says which layer and why.
    case failed(PeerConnectionFailure)
    /// ``PeerConnection/close()`` ran.
    case closed

    /// True once nothing more can happen except `close()`.
    public var isFinished: Bool {
        switch self {
        case .failed, .closed: true
        case .new, .checking, .connected: false
        }
    }
}

/// Why a ``PeerConnection`` reached `.failed`.
public enum PeerConnectionFailure: Error, Sendable, Equatable {
    /// Every candidate pair failed, or consent expired
    /// ([RFC 8445 §7.2.5.3](https://www.rfc-editor.org/rfc/rfc8445#section-7.2.5.3), RFC 7675 §5.1).
    case iceFailed
    /// The DTLS handshake or association failed. A certificate that does not hash to the
    /// SDP fingerprint arrives here as `.rfc8122FingerprintMismatch`.
    case dtls(DTLSTransportError)
    /// The peer closed DTLS with close_notify (RFC 5246 §7.2.1): it hung up.
    case dtlsClosedByPeer
    /// DTLS agreed a profile our SRTP library cannot key, or keying failed.
    case srtpKeying(SRTPError)
    /// The negotiated fingerprint could not be used for DTLS (unsupported hash function).
    case unusableRemoteFingerprint(String)
    /// The ICE agent or the DTLS transport refused what negotiation gave it (gathering could
    /// not start, remote credentials invalid, DTLS context refused); the error, described.
    case transportSetup(String)
    /// Not connected within `PeerConnectionConfiguration.connectionTimeout` of negotiation.
    case connectionTimedOut(after: Duration)
}
