import MediaSession
import SDP
import Synchronization
import WebRTC

/// The media half of one watch session: a `PeerConnection` receiving video (and audio), its
/// packet router, and once negotiation is done a `PeerMediaReceiver` feeding the watch's
/// ``ContinuingViewerPipeline``. The wiring is the one `CameraViewerLink.withViewerPipeline`
/// tests: router first, connection with the router's handler, receiver attached after
/// negotiation.
final class WatchMediaPath: Sendable {
    let connection: PeerConnection
    private let router = PeerMediaPacketRouter()
    private let receiver = Mutex<PeerMediaReceiver?>(nil)

    /// - Parameter audio: whether to add a receive-only audio transceiver.
    init(configuration: PeerConnectionConfiguration, audio: Bool) throws(ViewerFailure) {
        connection = PeerConnection(configuration: configuration, onPacket: router.handler)
        do {
            try connection.addTransceiver(.video, direction: .recvonly)
            if audio { try connection.addTransceiver(.audio, direction: .recvonly, requirement: .optional) }
        } catch {
            throw .stream("cannot set up the peer connection: \(error)")
        }
    }

    /// After offer/answer: starts receiving into `pipeline`.
    func startReceiving(into pipeline: ContinuingViewerPipeline) throws(ViewerFailure) {
        var failure: ViewerFailure?
        let made = PeerMediaReceiver(connection: connection) { sendRTCP in
            do throws(ViewerFailure) { return try pipeline.makeConsumer(for: connection, sendRTCP: sendRTCP) } catch {
                failure = error
                return NothingConsumer()
            }
        }
        if let failure { throw failure }
        receiver.withLock { $0 = made }
        made.start()
        router.attach(made)
    }

    /// Closes the connection and stops the receiver (its worker hands over what it queued).
    func close(pipeline: ContinuingViewerPipeline) {
        connection.close()
        let taken = receiver.withLock { receiver -> PeerMediaReceiver? in
            defer { receiver = nil }
            return receiver
        }
        taken?.stop()
        pipeline.detachRTCP()
        router.detach()
    }
}

/// Stands in when the pipeline refused a session, so the receiver can still be made and closed.
private final class NothingConsumer: ReceivedMediaConsumer {
    func receiveRTP(_ bytes: UnsafeRawBufferPointer, at now: Duration) {}
    func receiveRTCP(_ bytes: UnsafeRawBufferPointer, at now: Duration) {}
    func poll(at now: Duration) {}
    var nextDeadline: Duration? { nil }
    func finish(at now: Duration) {}
}
