/// One viewer of a camera stream: receives its RTP packets and is told when the stream
/// ends without the viewer asking (camera unplugged, encoder failure, agent shutdown).
///
/// The per-viewer work (SRTP protect, ICE send) happens here, on the borrowed packet;
/// the stream never copies a packet per viewer.
public protocol RTPPacketSubscriber: RTPPacketSink {
    /// The stream ended and this subscriber was removed; no packet follows. Called at most
    /// once, and not after the subscriber left with `CameraStream.unsubscribe(_:)`.
    func streamEnded(_ reason: CameraStreamEndReason)
}
