/// The camera's side of one stream: `requested → streaming → ended`.
///
/// Made when a viewer's request arrives (`stream:requested`, or an authenticated
/// `stream:request` in direct mode). The camera agent first decides to `accept` or
/// `decline`; accepting sends the offer and starts the negotiation deadline. Media
/// starts only on `mediaConnected`, i.e. once DTLS is up. Pure value, injected clock;
/// the transition table is in `docs/protocol.md` § Camera session, and any other
/// pair throws `IllegalTransition`.
public struct CameraSessionStateMachine<C: Clock>: SessionStateMachine where C.Duration == Duration {
    public enum State: Sendable, Hashable {
        /// A viewer asked; `accepted` once the camera agreed and sent its offer.
        case requested(accepted: Bool)
        /// Media is being sent to this viewer.
        case streaming
        /// Final; nothing leaves this state.
        case ended(SessionEndReason)
    }

    public enum Event: Sendable, Hashable {
        /// The camera agrees to stream (authorised, under its caps).
        case accept
        /// The camera refuses (e.g. `.busy`, `.unauthorized`).
        case decline(SessionEndReason)
        /// The peer connection reached connected (ICE + DTLS up).
        case mediaConnected
        /// The peer connection failed.
        case mediaFailed
        /// The viewer ended the session (`stream:end` from it).
        case viewerEnded(SessionEndReason)
        /// The viewer's signaling connection closed.
        case viewerGone
        /// The camera ends the session (shutdown, device unplugged, token revoked, error).
        case stop(SessionEndReason)
        /// A timer scheduled by `.scheduleTimeout` fired (possibly late, or stale).
        case timeoutFired
    }

    public enum Action: Sendable, Hashable {
        /// Tell the viewer the session is accepted (`stream:started` in direct mode,
        /// `stream:accept` to a hub).
        case sendAccept(session: SessionID)
        /// Create the SDP offer and send it as `webrtc:signal`.
        case sendOffer(session: SessionID)
        /// Arm one timer for `at`, replacing any armed one; deliver `.timeoutFired` then.
        case scheduleTimeout(at: C.Instant)
        /// Disarm the timer.
        case cancelTimeout
        /// Attach this session's peer to the media fan-out (and ask for a keyframe).
        case startMedia(session: SessionID)
        /// Tell the viewer why the session ended (`stream:ended`).
        case sendEnded(session: SessionID, reason: SessionEndReason)
        /// Detach from fan-out, tear down the peer connection; the session is over.
        case close(reason: SessionEndReason)
    }

    /// An event that has no meaning in the current state.
    public typealias IllegalTransition = IllegalSessionTransition<State, Event>

    public let session: SessionID
    /// The viewer this session streams to.
    public let viewer: DeviceID
    public private(set) var state: State = .requested(accepted: false)
    /// How long from `accept` until media must be connected.
    public let negotiationTimeout: Duration
    private let clock: C
    private var deadline: C.Instant?

    public init(session: SessionID, viewer: DeviceID, clock: C, negotiationTimeout: Duration = .seconds(30)) {
        self.session = session
        self.viewer = viewer
        self.clock = clock
        self.negotiationTimeout = negotiationTimeout
    }

    /// Applies `event` and returns what to do.
    ///
    /// - Throws: `IllegalTransition` if `event` is not allowed in `state`; nothing changes then.
    public mutating func handle(_ event: Event) throws(IllegalTransition) -> [Action] {
        switch (state, event) {
        case (.requested(accepted: false), .accept):
            let due = clock.now.advanced(by: negotiationTimeout)
            deadline = due
            state = .requested(accepted: true)
            return [.sendAccept(session: session), .sendOffer(session: session), .scheduleTimeout(at: due)]

        case (.requested(accepted: false), .decline(let reason)):
            return end(reason, notifyViewer: true)

        case (.requested(accepted: true), .mediaConnected):
            deadline = nil
            state = .streaming
            return [.cancelTimeout, .startMedia(session: session)]

        case (.requested(accepted: true), .mediaFailed), (.streaming, .mediaFailed):
            return end(.iceFailed, notifyViewer: true)

        case (.requested, .viewerEnded(let reason)), (.streaming, .viewerEnded(let reason)):
            return end(reason, notifyViewer: false)

        case (.requested, .viewerGone), (.streaming, .viewerGone):
            return end(.viewerGone, notifyViewer: false)

        case (.requested, .stop(let reason)), (.streaming, .stop(let reason)):
            return end(reason, notifyViewer: true)

        case (.requested(accepted: true), .timeoutFired):
            guard let due = deadline, clock.now >= due else { return [] }
            deadline = nil  // fired: nothing left to cancel
            return end(.timeout, notifyViewer: true)

        case (.streaming, .timeoutFired), (.ended, .timeoutFired):
            // A timer that raced with the transition that cancelled it.
            return []

        default:
            throw IllegalTransition(state: state, event: event)
        }
    }

    private mutating func end(_ reason: SessionEndReason, notifyViewer: Bool) -> [Action] {
        var actions: [Action] = []
        if deadline != nil { actions.append(.cancelTimeout) }
        deadline = nil
        if notifyViewer { actions.append(.sendEnded(session: session, reason: reason)) }
        actions.append(.close(reason: reason))
        state = .ended(reason)
        return actions
    }
}
