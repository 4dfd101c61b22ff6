/// What a ``PeerMediaReceiver`` hands a peer's decrypted packets to: the viewer pipeline
/// (reorder → depacketize → decode → sinks, with its RR/NACK/PLI), or a test's own receiver.
///
/// Called only from the receiver's one worker thread, so an implementation needs no lock
/// (the viewer pipeline is not thread-safe by design). Times are `Duration`s on the
/// receiver's clock: zero when the receiver was made.
public protocol ReceivedMediaConsumer: AnyObject {
    /// One RTP packet (borrowed bytes: copy what must outlive the call).
    func receiveRTP(_ bytes: UnsafeRawBufferPointer, at now: Duration)
    /// One RTCP compound packet from the sender (borrowed bytes).
    func receiveRTCP(_ bytes: UnsafeRawBufferPointer, at now: Duration)
    /// Runs timers: buffer deadlines, NACK retries, PLI, receiver reports.
    func poll(at now: Duration)
    /// When `poll` next has work; `nil` when only a packet can change anything.
    var nextDeadline: Duration? { get }
    /// The session ended: release what the buffers hold and close outputs. Called once, last.
    func finish(at now: Duration)
}
