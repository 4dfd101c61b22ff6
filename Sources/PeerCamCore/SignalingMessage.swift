/// One message on the signaling WebSocket: a versioned JSON envelope
/// `{"v":1,"type":…,"id":…,"session":…,"payload":{…}}` (see `docs/protocol.md`).
///
/// The body enum carries the session id exactly where the protocol requires one,
/// so a message without a session where one is needed cannot be built.
public struct SignalingMessage: Sendable, Hashable {
    /// The only envelope version this code speaks.
    public static let version = 1
    /// Largest encoded message accepted or produced, in bytes. An SDP offer with
    /// audio, video and a few candidates is 3–6 KB; 64 KiB leaves room and still
    /// bounds what a hostile peer can make the receiver parse.
    public static let maximumSize = 65_536

    /// The sender's id for this message.
    public var id: SignalingMessageID
    public var body: Body

    public init(id: SignalingMessageID, body: Body) {
        self.id = id
        self.body = body
    }

    public enum Body: Sendable, Hashable {
        /// viewer → server: please start a stream. No session yet.
        case streamRequest(StreamRequest)
        /// server → camera: a viewer asks for a stream (hub mode; in direct mode the
        /// camera is the server and this never crosses the wire).
        case streamRequested(SessionID, StreamRequested)
        /// camera → server: the camera accepts the session (hub mode).
        case streamAccept(SessionID)
        /// server → viewer: the request `request` was accepted as `session`.
        case streamStarted(SessionID, request: SignalingMessageID)
        /// viewer or camera → server: the sender ends the session.
        case streamEnd(SessionID, SessionEndReason)
        /// server → viewer or camera: the session ended (or a request was refused;
        /// then `request` names it).
        case streamEnded(SessionID, SessionEndReason, request: SignalingMessageID?)
        /// between viewer and camera, relayed by the server: SDP and ICE candidates.
        case webrtcSignal(SessionID, WebRTCSignal)
        /// Either direction: a message could not be honoured.
        case error(SessionID?, SignalingErrorReport)
    }

    /// The `type` string of this message.
    public var type: SignalingMessageType {
        switch body {
        case .streamRequest: .streamRequest
        case .streamRequested: .streamRequested
        case .streamAccept: .streamAccept
        case .streamStarted: .streamStarted
        case .streamEnd: .streamEnd
        case .streamEnded: .streamEnded
        case .webrtcSignal: .webrtcSignal
        case .error: .error
        }
    }

    /// The session this message belongs to, if any.
    public var session: SessionID? {
        switch body {
        case .streamRequest: nil
        case .streamRequested(let session, _), .streamAccept(let session), .streamStarted(let session, _),
             .streamEnd(let session, _), .streamEnded(let session, _, _), .webrtcSignal(let session, _):
            session
        case .error(let session, _): session
        }
    }
}

/// The envelope's `type` values.
public enum SignalingMessageType: String, Sendable, Hashable, CaseIterable {
    case streamRequest = "stream:request"
    case streamRequested = "stream:requested"
    case streamAccept = "stream:accept"
    case streamStarted = "stream:started"
    case streamEnd = "stream:end"
    case streamEnded = "stream:ended"
    case webrtcSignal = "webrtc:signal"
    case error = "error"

    /// Whether the envelope must carry `session` (`.required`), may (`.optional`,
    /// only `error`) or must not (`.forbidden`, only `stream:request`).
    public var sessionRule: SessionFieldRule {
        switch self {
        case .streamRequest: .forbidden
        case .error: .optional
        default: .required
        }
    }

    public enum SessionFieldRule: Sendable { case required, optional, forbidden }

    /// Who may send this type. A receiver answers a message from anyone else with
    /// `error` code `forbidden` (a viewer token can never accept a stream, say).
    public var senders: Set<SignalingParty> {
        switch self {
        case .streamRequest: [.viewer]
        case .streamRequested, .streamStarted, .streamEnded: [.server]
        case .streamAccept: [.camera]
        case .streamEnd: [.viewer, .camera]
        case .webrtcSignal, .error: [.viewer, .camera, .server]
        }
    }
}

/// The three parties of the protocol. In direct mode the camera-agent is both
/// `camera` and `server`, so only viewer ↔ server messages cross the wire; a hub
/// (later) is a `server` that cameras dial out to.
public enum SignalingParty: String, Sendable, Hashable, CaseIterable {
    case viewer, camera, server
}
