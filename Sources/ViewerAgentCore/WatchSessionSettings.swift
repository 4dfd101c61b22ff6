import Logging
import WebRTC

/// What every session of one watch shares: the pipeline that outlives them, the stop switch,
/// how to build a peer connection, and the limits.
struct WatchSessionSettings: Sendable {
    var pipeline: ContinuingViewerPipeline
    var stop: WatchStopRequest
    var peerConnectionConfiguration: PeerConnectionConfiguration
    var audio: Bool
    var connectTimeout: Duration
    var logger: Logger
    /// Told the session's state after every transition (`connecting`, `active`, `ended`).
    var onStateChange: @Sendable (String) -> Void
}
