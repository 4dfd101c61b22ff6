/// Which of a camera stream's two RTP streams a packet belongs to.
///
/// Subscribers use it to pick the SRTP context and the per-kind statistics without
/// parsing the packet; the SSRC in the packet says the same thing, but a switch on an
/// enum is cheaper than a lookup on the hot path.
public enum CameraMediaKind: Sendable, Hashable, CaseIterable {
    /// H264 over RTP (RFC 6184), 90 kHz clock.
    case video
    /// Opus over RTP (RFC 7587), 48 kHz clock.
    case audio
}
