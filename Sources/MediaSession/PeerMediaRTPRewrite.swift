/// What one peer's copy of a stream packet must carry instead of the stream's own
/// identifiers: the SSRC and payload type that peer's SDP negotiated
/// ([RFC 3550 §5.1](https://www.rfc-editor.org/rfc/rfc3550#section-5.1), RFC 8829 §5.2.1).
///
/// Why a rewrite: a `PeerConnection` picks its own random SSRCs, announces them in its SDP
/// and refuses to send any other; the WebRTC API offers no way to impose them. A camera
/// stream, on the other hand, produces one packet sequence for every viewer (one encoder,
/// one packetizer, one NACK history). So the stream keeps its SSRC and payload type, and each
/// peer's sender rewrites bytes 1 and 8–11 of the copy it makes anyway for SRTP. Sequence
/// numbers and timestamps are left alone, so a peer's NACK names the shared history's
/// packets directly; only its SSRC is translated back (`streamSSRC`).
struct PeerMediaRTPRewrite: Sendable, Equatable {
    /// The SSRC the camera stream writes.
    let streamSSRC: UInt32
    /// The SSRC this peer's transceiver announced.
    let peerSSRC: UInt32
    /// The payload type negotiated with this peer.
    let payloadType: UInt8

    /// Rewrites SSRC and payload type (keeping the marker bit) of the RTP header in `packet`.
    /// - Precondition: `packet.count >= 12` (checked by the caller before copying).
    func apply(to packet: inout [UInt8]) {
        packet[1] = packet[1] & 0x80 | payloadType & 0x7F
        packet[8] = UInt8(truncatingIfNeeded: peerSSRC >> 24)
        packet[9] = UInt8(truncatingIfNeeded: peerSSRC >> 16)
        packet[10] = UInt8(truncatingIfNeeded: peerSSRC >> 8)
        packet[11] = UInt8(truncatingIfNeeded: peerSSRC)
    }

    /// The stream's SSRC for one the peer named, or the SSRC unchanged when it is not ours.
    func toStream(_ ssrc: UInt32) -> UInt32 { ssrc == peerSSRC ? streamSSRC : ssrc }
}
