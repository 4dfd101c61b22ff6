import Synchronization

/// A subscriber's place in a stream: the handle `CameraStream.subscribe(_:)` returns and
/// `unsubscribe(_:)` takes back.
public final class CameraStreamSubscription: Sendable {
    public let subscriber: any RTPPacketSubscriber
    /// True from joining until the first IDR access unit: video before it would be
    /// P-frames that reference pictures this viewer never got (issue 6: a viewer must
    /// never start on a P-frame). Only the capture thread clears it, at an access unit's start.
    let awaitingKeyframe = Atomic(true)

    init(subscriber: any RTPPacketSubscriber) {
        self.subscriber = subscriber
    }

    /// Whether this subscriber has received the start of an IDR yet.
    public var hasReceivedKeyframe: Bool { !awaitingKeyframe.load(ordering: .relaxed) }
}
