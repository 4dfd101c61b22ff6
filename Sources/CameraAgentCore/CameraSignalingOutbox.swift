import PeerCamCore
import Signaling

/// Where the session hub sends signaling messages: the camera's `SignalingServer`
/// (`attach`ed after both exist, since the server needs the hub as its handler).
public protocol CameraSignalingOutbox: Sendable {
    func makeMessageID() -> SignalingMessageID
    func send(_ message: SignalingMessage) async throws(SignalingDeliveryError)
    /// A WHEP session ended on the camera's side (ICE failure, camera gone…): the server
    /// forgets its HTTP resource.
    func whepSessionEnded(_ session: SessionID) async
}

extension SignalingServer: CameraSignalingOutbox {}
