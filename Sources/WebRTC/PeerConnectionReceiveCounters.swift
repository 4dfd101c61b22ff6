/// What the receive path did with datagrams it could not deliver. The receive path runs on
/// the ICE thread with no caller to throw to, so every refusal is counted here (never a
/// silent drop) and the last reason kept for logs.
public struct PeerConnectionReceiveCounters: Sendable, Equatable {
    /// Packets delivered to the handler.
    public var delivered = 0
    /// Datagrams held because their layer was not ready (processed later, unless they also
    /// show up in `pendingDropped`).
    public var held = 0
    /// SRTP/SRTCP packets refused by unprotect (authentication, replay, malformed).
    public var srtpRejected = 0
    /// Datagrams whose first byte names no protocol we run (RFC 7983 §7: ZRTP, TURN channel,
    /// reserved ranges, empty).
    public var unrecognized = 0
    /// Datagrams refused by the DTLS transport after the handshake (stray or late records).
    public var dtlsRejected = 0
    /// Early datagrams refused because the pending queue was full, or that expired in it.
    public var pendingDropped = 0
    /// RTP or RTCP delivered without a mid because nothing identified its transceiver.
    public var unrouted = 0
    /// The last refusal, described.
    public var lastRefusal: String?
}
