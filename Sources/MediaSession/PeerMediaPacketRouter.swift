import Synchronization
import WebRTC

/// Routes a `PeerConnection`'s decrypted packets to the media objects built after it.
///
/// A `PeerConnection` takes its packet handler at creation, but a sender or receiver can
/// only be made once negotiation fixed SSRCs and payload types. The router is that handler:
/// create it first, pass `handler` to the connection, `attach` the sender and/or receiver
/// when they exist. Packets before that are counted as `unattached`.
///
/// On the ICE thread per packet: one lock to read two references, nothing allocated.
public final class PeerMediaPacketRouter: Sendable {
    private struct Targets {
        var sender: PeerMediaSender?
        var receiver: PeerMediaReceiver?
        var unattached = 0
    }

    private let targets = Mutex(Targets())

    public init() {}

    /// The connection's `onPacket`: RTCP goes to the sender (feedback about what we send)
    /// and to the receiver (sender reports about what we receive); RTP to the receiver.
    public var handler: PeerConnectionPacketHandler {
        { [self] packet in route(packet) }
    }

    public func attach(_ sender: PeerMediaSender) { targets.withLock { $0.sender = sender } }
    public func attach(_ receiver: PeerMediaReceiver) { targets.withLock { $0.receiver = receiver } }

    /// Releases the sender and receiver. Call after closing the connection: until then the
    /// connection holds this router (its handler), which holds the sender, which holds the
    /// connection.
    public func detach() { targets.withLock { $0.sender = nil; $0.receiver = nil } }

    /// Packets that arrived with nothing attached to take them.
    public var unattachedPackets: Int { targets.withLock { $0.unattached } }

    private func route(_ packet: PeerConnectionReceivedPacket) {
        let (sender, receiver) = targets.withLock { targets -> (PeerMediaSender?, PeerMediaReceiver?) in
            let sender = packet.kind == .rtcp ? targets.sender : nil
            if sender == nil && targets.receiver == nil { targets.unattached += 1 }
            return (sender, targets.receiver)
        }
        sender?.receiveRTCP(packet.bytes)
        receiver?.receive(packet)
    }
}
