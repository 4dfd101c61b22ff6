import SDP

/// One media section this side takes part in: its kind, what it wants to do, the SSRC it
/// sends with and, once negotiated, its mid and what the peer agreed to.
///
/// A value snapshot: ``PeerConnection/transceivers`` returns the current ones.
public struct PeerConnectionTransceiver: Sendable, Equatable {
    public let kind: SDPMediaKind
    /// What this side asked for (`sendonly` camera, `recvonly` viewer, `sendrecv`).
    public let requestedDirection: SDPDirection
    /// `.required`: an offer without this medium is refused with the SDP module's error;
    /// `.optional`: the section is rejected instead.
    public let requirement: SDPMediaRequirement
    /// The SSRC RTP for this transceiver must carry (RFC 3550 §8: random, chosen here).
    public let localSSRC: UInt32
    /// The media section id, set once negotiated.
    public internal(set) var mid: String?
    /// What offer/answer settled: payload type, clock rate, extension ids, feedback, final
    /// direction, remote SSRCs. `nil` until negotiated or when the section was rejected.
    public internal(set) var negotiated: SDPNegotiatedMedia?

    /// The direction after negotiation, or the requested one before.
    public var direction: SDPDirection { negotiated?.direction ?? requestedDirection }
}
