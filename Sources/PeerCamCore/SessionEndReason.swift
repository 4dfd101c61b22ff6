/// Why a streaming session ended. Carried by both state machines' `ended` state and
/// by `stream:end` / `stream:ended` messages, so both sides and the logs agree on
/// the cause. Wire codes are listed in `docs/protocol.md` § End reasons.
public enum SessionEndReason: Sendable, Hashable, CustomStringConvertible {
    /// A person (or a client program) stopped watching.
    case hangup
    /// A step did not finish within its deadline (request, negotiation).
    case timeout
    /// The credential was missing, wrong, or does not allow this stream.
    case unauthorized
    /// The camera's signaling connection dropped, or its capture device disappeared.
    case cameraGone
    /// The viewer's signaling connection dropped.
    case viewerGone
    /// ICE (or DTLS on top of it) could not connect or lost connectivity.
    case iceFailed
    /// The viewer's token was revoked while the session was live.
    case revoked
    /// The agent is shutting down (SIGTERM, reboot).
    case shutdown
    /// The camera refuses more viewers (stream or total cap reached).
    case busy
    /// Anything else, with a message meant for humans.
    case error(String)

    /// The `reason` string on the wire.
    public var code: String {
        switch self {
        case .hangup: "hangup"
        case .timeout: "timeout"
        case .unauthorized: "unauthorized"
        case .cameraGone: "camera-gone"
        case .viewerGone: "viewer-gone"
        case .iceFailed: "ice-failed"
        case .revoked: "revoked"
        case .shutdown: "shutdown"
        case .busy: "busy"
        case .error: "error"
        }
    }

    /// The reason for a wire `reason` code; `message` is used only by `error`.
    /// Returns nil for an unknown code.
    public init?(code: String, message: String?) {
        switch code {
        case "hangup": self = .hangup
        case "timeout": self = .timeout
        case "unauthorized": self = .unauthorized
        case "camera-gone": self = .cameraGone
        case "viewer-gone": self = .viewerGone
        case "ice-failed": self = .iceFailed
        case "revoked": self = .revoked
        case "shutdown": self = .shutdown
        case "busy": self = .busy
        case "error": self = .error(message ?? "")
        default: return nil
        }
    }

    /// Every wire code, in documentation order.
    public static let allCodes = ["hangup", "timeout", "unauthorized", "camera-gone", "viewer-gone",
                                  "ice-failed", "revoked", "shutdown", "busy", "error"]

    public var description: String {
        if case .error(let message) = self { return "error(\(message))" }
        return code
    }
}
