import PeerCamCore
import WebRTC

/// What one session of a watch (one signaling `stream:request`, or one WHEP resource) came to.
struct WatchSessionOutcome: Sendable {
    /// How the session ended, as the state machine saw it (`hangup` for a local stop).
    var endReason: SessionEndReason
    /// Whether media flowed (the state machine reached `active`).
    var reachedActive: Bool
    /// Nil when the watch was stopped on purpose; otherwise what went wrong.
    var failure: ViewerFailure?
    /// Whether another session may be tried after back-off (never for authorization failures).
    var retryable: Bool
    /// Set when the session ended because the watch was asked to stop.
    var stoppedBy: WatchStopReason?

    /// The session could not even start.
    static func failed(_ failure: ViewerFailure, retryable: Bool) -> WatchSessionOutcome {
        WatchSessionOutcome(endReason: .error(failure.description), reachedActive: false, failure: failure,
                            retryable: retryable && failure.isRetryable, stoppedBy: nil)
    }

    /// The state machine ended with `reason`.
    ///
    /// Retried: the camera went away (`camera-gone`, signaling dropped), is restarting
    /// (`shutdown`), ICE/DTLS failed or lost connectivity, or a step timed out. Not retried: a
    /// local stop, authorization (`unauthorized`, `revoked`), or the camera's own refusal
    /// (`busy`, `error`, `viewer-gone`).
    static func ended(_ reason: SessionEndReason, reachedActive: Bool, stoppedBy: WatchStopReason?,
                      detail: String? = nil) -> WatchSessionOutcome {
        let suffix = detail.map { ": \($0)" } ?? ""
        let (failure, retryable): (ViewerFailure?, Bool) = switch reason {
        case .hangup: stoppedBy != nil ? (nil, false) : (.stream("the stream was hung up\(suffix)"), false)
        case .unauthorized: (.unauthorized("the camera refused this viewer (unauthorized)\(suffix)"), false)
        case .revoked: (.unauthorized("this viewer's token was revoked on the camera\(suffix)"), false)
        case .cameraGone: (.unreachable("the camera went away (signaling connection lost)\(suffix)"), true)
        case .shutdown: (.unreachable("the camera is shutting down\(suffix)"), true)
        case .iceFailed: (.stream("ICE/DTLS could not connect or lost connectivity\(suffix)"), true)
        case .timeout: (.stream("media did not connect in time\(suffix)"), true)
        case .busy: (.stream("the camera is at its viewer limit (busy)\(suffix)"), false)
        case .viewerGone: (.stream("the camera reports this viewer gone\(suffix)"), false)
        case .error(let message): (.stream("the camera ended the stream with an error: \(message)\(suffix)"), false)
        }
        return WatchSessionOutcome(endReason: reason, reachedActive: reachedActive, failure: failure,
                                   retryable: retryable, stoppedBy: stoppedBy)
    }
}

/// What a session's event loop reacts to, from every source merged into one stream so the
/// state machine is driven from one place, one event at a time.
enum WatchSessionEvent: Sendable {
    /// A signaling message from the camera.
    case message(SignalingMessage)
    /// The signaling WebSocket closed (with its close code).
    case signalingClosed(closeCode: Int?)
    case peerState(PeerConnectionState)
    /// A peer failure held back for a moment (see `SignalingWatchSession`), now taken as final.
    case heldPeerFailure(PeerConnectionState)
    /// A timer armed by the state machine fired.
    case timeoutFired
    case stop(WatchStopReason)
}

extension PeerConnectionState {
    /// The state machine event this transport state means, if any.
    var viewerSessionEvent: ViewerSessionStateMachine<ContinuousClock>.Event? {
        switch self {
        case .connected: .mediaConnected
        case .failed: .mediaFailed
        case .new, .checking, .closed: nil
        }
    }
}

extension ViewerSessionStateMachine.State {
    /// The state's name as the status line shows it (`docs/protocol.md` §6.1).
    var name: String {
        switch self {
        case .idle: "idle"
        case .connecting: "connecting"
        case .active: "active"
        case .ended: "ended"
        }
    }
}
