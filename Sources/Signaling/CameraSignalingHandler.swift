import DeviceStore
import PeerCamCore

/// What the camera agent does with authenticated viewer messages. The
/// `SignalingServer` calls it after decoding, authorisation (paired, non-revoked
/// viewer) and ownership checks (the session belongs to this viewer's connection), so
/// an implementation never sees a message it must refuse for those reasons.
///
/// Calls for one connection arrive one at a time, in the order received. The agent
/// answers through `SignalingServer.send(_:)`: `stream:started` or a refusing
/// `stream:ended` for a request, then offers, candidates and `stream:ended`.
public protocol CameraSignalingHandler: Sendable {
    /// A viewer asked for a stream; the server has assigned `session` to it and bound
    /// it to the viewer's connection.
    func streamRequested(session: SessionID, request: StreamRequest, requestID: SignalingMessageID,
                         viewer: PairedDevice) async

    /// A `stream:end` or `webrtc:signal` for one of the viewer's live sessions.
    /// After `stream:end` the session is already forgotten by the server.
    func viewerSent(_ message: SignalingMessage, session: SessionID, viewer: DeviceID) async

    /// Sessions that ended because their connection did: `.viewerGone` when the
    /// socket dropped, `.revoked` when the device was revoked, `.shutdown` when the
    /// server stops. The server sends nothing more for them.
    func sessionsEnded(_ sessions: [SessionID], viewer: DeviceID, reason: SessionEndReason) async
}
