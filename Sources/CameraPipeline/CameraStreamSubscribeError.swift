import H264

/// Why `CameraStream.subscribe(_:)` refused a subscriber. Each case names the rule that
/// refused it, so the agent can answer the viewer with a distinct error.
public enum CameraStreamSubscribeError: Error, Sendable, Equatable {
    /// The stream already feeds `limit` subscribers (issue 6: default 8 per stream).
    case perStreamLimitReached(limit: Int)
    /// This subscriber object is already subscribed to the stream.
    case alreadySubscribed
    /// The first subscriber starts the stream, and its H264 encoder could not be created.
    case videoEncoderUnavailable(H264EncoderError)
}
