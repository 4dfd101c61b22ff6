/// Something that takes the RTP packets a camera stream produces, one at a time.
///
/// The packet is borrowed and read-only: it lives in the stream's one reusable packet
/// buffer, is only valid during the call, and the next subscriber reads the same bytes.
/// A sink that needs it later (a NACK history) copies it; an SRTP protect, which works in
/// place and appends a tag, copies it into its own send buffer first. Calls for one stream never overlap: video and
/// audio packets are handed out one after the other, never concurrently, so a sink needs
/// no lock of its own for per-stream state.
///
/// - Important: `deliver` runs on the stream's capture thread. It must not block for
///   long (a slow sink delays every other viewer) and must not call back into the
///   stream's `unsubscribe` or `end` (those wait for the capture thread).
public protocol RTPPacketSink: AnyObject, Sendable {
    /// One marshaled RTP packet (header and payload, not yet SRTP-protected).
    func deliver(_ packet: UnsafeRawBufferPointer, kind: CameraMediaKind)
}
