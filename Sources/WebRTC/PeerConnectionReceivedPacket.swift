/// One decrypted RTP packet or RTCP compound packet, handed to the receive handler.
///
/// - Important: `bytes` is borrowed from the connection's reusable receive buffer and valid
///   only during the handler call; copy what must outlive it. That is what keeps the receive
///   path free of per-packet allocation.
public struct PeerConnectionReceivedPacket {
    public enum Kind: Sendable, Equatable { case rtp, rtcp }

    public let kind: Kind
    /// The transceiver's mid the packet was routed to (by SSRC, mid header extension or payload
    /// type, in that order); `nil` when nothing identified it (e.g. RTCP about unknown SSRCs).
    public let mid: String?
    public let bytes: UnsafeRawBufferPointer
}

/// Receives every packet that passed SRTP/SRTCP unprotect. Runs on the ICE loop thread, once
/// per packet, in arrival order; it must not block. It may call ``PeerConnection/send(rtp:)``.
public typealias PeerConnectionPacketHandler = @Sendable (PeerConnectionReceivedPacket) -> Void
