import PeerCamCore

/// Why the camera turned a stream request away before making a session; each has its own
/// wire error code so a viewer (and its user) can tell the caps apart.
public enum CameraAdmissionRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stream already has `limit` sessions (issue 6: default 8).
    case streamFull(limit: Int)
    /// The camera already has `limit` sessions across streams and transports (default 32).
    case cameraFull(limit: Int)
    /// The agent is stopping.
    case shuttingDown
    /// The request asked for audio only; every PeerCam stream carries video.
    case videoRequired

    public var errorCode: SignalingErrorCode {
        switch self {
        case .streamFull: .streamFull
        case .cameraFull: .cameraFull
        case .shuttingDown: .busy
        case .videoRequired: .invalidValue
        }
    }

    public var endReason: SessionEndReason {
        switch self {
        case .streamFull, .cameraFull: .busy
        case .shuttingDown: .shutdown
        case .videoRequired: .error("video is required")
        }
    }

    public var description: String {
        switch self {
        case .streamFull(let limit): "the stream already has its maximum of \(limit) viewers"
        case .cameraFull(let limit): "the camera already serves its maximum of \(limit) viewers"
        case .shuttingDown: "the camera is shutting down"
        case .videoRequired: "audio-only streams are not offered; request video"
        }
    }
}
