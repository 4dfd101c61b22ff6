import Media

/// Why a stream last ended on its own: the reason subscribers were told, and the error
/// underneath it (a V4L2 errno, an OpenH264 status), kept for the agent's log line and
/// `camera-agent` status output instead of being lost on the capture thread.
public struct CameraStreamFailure: Sendable {
    public let reason: CameraStreamEndReason
    public let error: any Error
    /// When it happened, on the monotonic clock.
    public let time: MediaTime
}
