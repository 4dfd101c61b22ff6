import Foundation
import PeerCamCore

/// One streaming session as `camera-agent sessions` and `GET /sessions` show it: live ones and
/// those that ended recently (the agent decides how long it remembers them), whichever way the
/// viewer came in. Wire names are stable JSON (`docs/protocol.md` §11).
public struct CameraSessionSummary: Codable, Sendable, Equatable {
    /// How the viewer asked for the stream.
    public enum Transport: String, Codable, Sendable {
        /// `stream:request` over the signaling WebSocket.
        case signaling
        /// `POST /whep/{stream}`.
        case whep
    }

    /// The camera session state machine's state (`docs/protocol.md` §6.2).
    public enum State: String, Codable, Sendable {
        case requested, streaming, ended
    }

    public var id: SessionID
    public var stream: String
    public var viewerID: DeviceID
    /// The name the viewer gave at pairing.
    public var viewerName: String
    public var transport: Transport
    public var state: State
    /// The end reason's wire code (§6.3) once `ended`.
    public var endReason: String?
    /// The human message of an `error` end.
    public var endMessage: String?
    public var startedAt: Date
    public var endedAt: Date?

    /// - Parameter endReason: set exactly when the session has ended.
    public init(id: SessionID, stream: String, viewerID: DeviceID, viewerName: String, transport: Transport,
                endReason: SessionEndReason? = nil, streaming: Bool = false, startedAt: Date, endedAt: Date? = nil) {
        self.id = id
        self.stream = stream
        self.viewerID = viewerID
        self.viewerName = viewerName
        self.transport = transport
        state = endReason != nil ? .ended : streaming ? .streaming : .requested
        self.endReason = endReason?.code
        if case .error(let message) = endReason { endMessage = message }
        self.startedAt = startedAt
        self.endedAt = endedAt
    }
}

/// The body of `GET /sessions` (admin socket and HTTPS).
public struct CameraSessionList: Codable, Sendable, Equatable {
    public var sessions: [CameraSessionSummary]

    public init(sessions: [CameraSessionSummary]) { self.sessions = sessions }
}

/// Where the server reads the camera's sessions for `GET /sessions`; the agent's session hub
/// implements it. The server filters: the admin socket lists all, HTTPS only the caller's own.
public protocol CameraSessionDirectory: Sendable {
    /// Every live session and those that ended recently, any order (the server sorts by start).
    func sessionSummaries() async -> [CameraSessionSummary]
}
