import Logging
import PeerCamCore
import WebRTC

/// What a signaling session and a WHEP session share: the `ViewerSessionStateMachine` they
/// drive, the events both treat alike (peer connection states, the connect timer, a stop
/// request), what they learned on the way (media reached, why it ended), and the outcome.
struct WatchSessionDriver {
    typealias Machine = ViewerSessionStateMachine<ContinuousClock>

    private(set) var machine: Machine
    private let settings: WatchSessionSettings
    /// Whether media ever flowed in this session.
    private(set) var reachedActive = false
    /// Set when the watch asked the session to stop.
    private(set) var stoppedBy: WatchStopReason?
    /// What the transport said when it failed, for the failure message.
    private var endDetail: String?
    /// A failure found by the session itself (refused request, unusable offer, HTTP error).
    var failure: ViewerFailure?

    init(settings: WatchSessionSettings) {
        self.settings = settings
        machine = Machine(clock: ContinuousClock(), connectTimeout: settings.connectTimeout)
    }

    /// The session id once known.
    var session: SessionID? {
        switch machine.state {
        case .connecting(let session): session
        case .active(let session): session
        case .idle, .ended: nil
        }
    }

    /// Applies `event`; nil (logged) when the machine refuses it in its state.
    /// - Parameter context: log metadata naming the session (`session` or `resource`).
    mutating func handle(_ event: Machine.Event, context: Logger.Metadata = [:]) -> [Machine.Action]? {
        do {
            let actions = try machine.handle(event)
            settings.onStateChange(machine.state.name)
            if event == .mediaConnected {
                reachedActive = true
                settings.logger.info("media connected", metadata: context)
            }
            return actions
        } catch {
            settings.logger.debug("event ignored in this state", metadata: ["event": "\(event)", "state": "\(machine.state)"])
            return nil
        }
    }

    /// Peer connection states, the timer and a stop request; nil for the events that only
    /// one kind of session understands.
    mutating func handleCommon(_ event: WatchSessionEvent, context: Logger.Metadata = [:]) -> [Machine.Action]? {
        switch event {
        case .peerState(let state), .heldPeerFailure(let state):
            settings.logger.debug("peer connection", metadata: ["state": "\(state)"])
            if case .failed(let why) = state { endDetail = "\(why)" }
            return state.viewerSessionEvent.flatMap { handle($0, context: context) } ?? []
        case .timeoutFired:
            return handle(.timeoutFired, context: context) ?? []
        case .stop(let reason):
            stoppedBy = reason
            return handle(.stop(.hangup), context: context) ?? []
        case .message, .signalingClosed:
            return nil
        }
    }

    /// The local side gives up because of `failure` (ends with `error`, sends an end if a
    /// session is known).
    mutating func fail(_ failure: ViewerFailure) -> [Machine.Action] {
        self.failure = failure
        return handle(.stop(.error(failure.description))) ?? []
    }

    /// Starts the task that delivers `.timeoutFired` at `deadline`. Cancelling the timer is a
    /// no-op: the machine ignores a stale one (`docs/protocol.md` §6).
    static func armTimer(at deadline: ContinuousClock.Instant, group: inout TaskGroup<Void>,
                         input: AsyncStream<WatchSessionEvent>.Continuation) {
        group.addTask {
            guard (try? await ContinuousClock().sleep(until: deadline)) != nil else { return }
            input.yield(.timeoutFired)
        }
    }

    /// How the session ended.
    var outcome: WatchSessionOutcome {
        if let failure { return .failed(failure, retryable: failure.exitCode != .unauthorized) }
        guard case .ended(let reason) = machine.state else {
            return .ended(.error("session left unfinished"), reachedActive: reachedActive, stoppedBy: stoppedBy)
        }
        return .ended(reason, reachedActive: reachedActive, stoppedBy: stoppedBy, detail: endDetail)
    }
}
