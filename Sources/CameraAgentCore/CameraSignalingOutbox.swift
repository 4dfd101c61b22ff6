import PeerCamCore
import Signaling

/// Where the session hub sends signaling messages: the camera's `SignalingServer`
/// (`attach`ed after both exist, since the server needs the hub as its handler).
public protocol CameraSignalingOutbox: Sendable {
    func makeMessageID() -> SignalingMessageID
    func send(_ message: SignalingMessage) async throws(SignalingDeliveryError)
}

extension SignalingServer: CameraSignalingOutbox {}
