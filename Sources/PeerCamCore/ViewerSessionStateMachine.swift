/// The viewer's side of one stream: `idle → connecting → active → ended`.
///
/// A pure value: `handle(_:)` takes an event (from the user, the signaling channel,
/// the peer connection or a timer) and returns the actions the driving actor must
/// carry out, in order. Time comes only from the injected clock, so tests drive
/// timeouts with a `ManualClock`. The full transition table is in
/// `docs/protocol.md` § Viewer session; any pair not listed there throws
/// `IllegalTransition` and leaves the state unchanged.
public struct ViewerSessionStateMachine<C: Clock>: SessionStateMachine where C.Duration == Duration {
    public enum State: Sendable, Hashable {
        /// Nothing requested yet.
        case idle
        /// `stream:request` sent; `session` is nil until `stream:started` names it.
        /// Offer/answer and ICE happen here once the session is known.
        case connecting(session: SessionID?)
        /// Media is flowing (ICE and DTLS connected).
        case active(session: SessionID)
        /// Final; nothing leaves this state.
        case ended(SessionEndReason)
    }

    public enum Event: Sendable, Hashable {
        /// The user asked to watch.
        case start
        /// `stream:started` arrived with the session the camera assigned.
        case streamStarted(SessionID)
        /// The peer connection reached connected (ICE + DTLS up).
        case mediaConnected
        /// The peer connection failed (ICE failed or DTLS alert).
        case mediaFailed
        /// `stream:ended` arrived: the camera ended or refused the session.
        case remoteEnded(SessionEndReason)
        /// The signaling connection closed.
        case signalingLost
        /// The local side ends the session (user hangup, shutdown, local error).
        case stop(SessionEndReason)
        /// A timer scheduled by `.scheduleTimeout` fired (possibly late, or stale).
        case timeoutFired
    }

    public enum Action: Sendable, Hashable {
        /// Send `stream:request`.
        case sendRequest
        /// Arm one timer for `at`, replacing any armed one; deliver `.timeoutFired` then.
        case scheduleTimeout(at: C.Instant)
        /// Disarm the timer.
        case cancelTimeout
        /// Send `stream:end` with this reason for `session`.
        case sendEnd(session: SessionID, reason: SessionEndReason)
        /// Tear down the peer connection and sinks; the session is over.
        case close(reason: SessionEndReason)
    }

    /// An event that has no meaning in the current state.
    public typealias IllegalTransition = IllegalSessionTransition<State, Event>

    public private(set) var state: State = .idle
    /// How long `connecting` may last, from `start` to `mediaConnected`.
    public let connectTimeout: Duration
    private let clock: C
    private var deadline: C.Instant?

    public init(clock: C, connectTimeout: Duration = .seconds(30)) {
        self.clock = clock
        self.connectTimeout = connectTimeout
    }

    /// Applies `event` and returns what to do.
    ///
    /// - Throws: `IllegalTransition` if `event` is not allowed in `state`; nothing changes then.
    public mutating func handle(_ event: Event) throws(IllegalTransition) -> [Action] {
        switch (state, event) {
        case (.idle, .start):
            let due = clock.now.advanced(by: connectTimeout)
            deadline = due
            state = .connecting(session: nil)
            return [.sendRequest, .scheduleTimeout(at: due)]

        case (.connecting(nil), .streamStarted(let session)):
            state = .connecting(session: session)
            return []

        case (.connecting(.some(let session)), .mediaConnected):
            deadline = nil
            state = .active(session: session)
            return [.cancelTimeout]

        case (.connecting(.some(let session)), .mediaFailed), (.active(let session), .mediaFailed):
            return end(.iceFailed, notifying: session)

        case (.connecting, .remoteEnded(let reason)), (.active, .remoteEnded(let reason)):
            return end(reason, notifying: nil)

        case (.connecting, .signalingLost), (.active, .signalingLost):
            return end(.cameraGone, notifying: nil)

        case (.connecting(let session), .stop(let reason)):
            return end(reason, notifying: session)
        case (.active(let session), .stop(let reason)):
            return end(reason, notifying: session)

        case (.connecting(let session), .timeoutFired):
            guard let due = deadline, clock.now >= due else { return [] }
            deadline = nil  // fired: nothing left to cancel
            return end(.timeout, notifying: session)

        case (.active, .timeoutFired), (.ended, .timeoutFired):
            // A timer that raced with the transition that cancelled it.
            return []

        default:
            throw IllegalTransition(state: state, event: event)
        }
    }

    private mutating func end(_ reason: SessionEndReason, notifying session: SessionID?) -> [Action] {
        var actions: [Action] = []
        if deadline != nil { actions.append(.cancelTimeout) }
        deadline = nil
        if let session { actions.append(.sendEnd(session: session, reason: reason)) }
        actions.append(.close(reason: reason))
        state = .ended(reason)
        return actions
    }
}
