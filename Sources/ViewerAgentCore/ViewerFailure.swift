import Signaling

/// Why a `viewer-agent` command failed, sorted by what the user must do about it; each case
/// maps to one ``ViewerExitCode``. The message is for a person and never holds a token.
public enum ViewerFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The command line or configuration is wrong; fix it and run again.
    case usage(String)
    /// Nothing answered, or the connection broke: the camera or server may be down.
    case unreachable(String)
    /// Connected, but the stream could not be set up or carried on.
    case stream(String)
    /// The credential or the server's identity was refused: re-pair, never retry.
    case unauthorized(String)

    public var exitCode: ViewerExitCode {
        switch self {
        case .usage: .usage
        case .unreachable: .unreachable
        case .stream: .streamFailure
        case .unauthorized: .unauthorized
        }
    }

    public var description: String {
        switch self {
        case .usage(let text), .unreachable(let text), .stream(let text), .unauthorized(let text): text
        }
    }

    /// Whether a watch that already had media may try again after this (back-off applies).
    public var isRetryable: Bool {
        switch self {
        case .unreachable, .stream: true
        case .usage, .unauthorized: false
        }
    }

    /// Sorts a signaling-client error: 401/403 and a pinned-certificate mismatch are
    /// authorization failures; other HTTP refusals stream failures; the rest unreachable.
    public init(_ error: SignalingClientError, while doing: String) {
        switch error {
        case .certificateFingerprintMismatch(let expected, let presented):
            self = .unauthorized("\(doing): the server's certificate fingerprint \(presented.map(String.init(describing:)) ?? "(none)") "
                + "is not the pinned \(expected); refusing to talk to it (re-pair if the camera was reinstalled)")
        case .refused(let status, let code, let message):
            let detail = "\(doing): HTTP \(status)\(code.isEmpty ? "" : " \(code)")\(message.isEmpty ? "" : ": \(message)")"
            self = error.isAuthorizationFailure ? .unauthorized(detail) : .stream(detail)
        case .malformedResponse(let text):
            self = .stream("\(doing): malformed answer: \(text)")
        case .transport(let text):
            self = .unreachable("\(doing): cannot reach the server: \(text)")
        }
    }
}
