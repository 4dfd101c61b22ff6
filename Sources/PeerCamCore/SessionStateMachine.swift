/// What both session state machines share: a pure value that takes events and
/// returns actions for an actor to carry out, and rejects events that make no
/// sense in its current state. A driver can be written once against this protocol
/// (queue events, run actions, arm timers); tests drive the machines through it.
public protocol SessionStateMachine: Sendable {
    associatedtype State: Sendable & Hashable
    associatedtype Event: Sendable & Hashable
    associatedtype Action: Sendable & Hashable

    var state: State { get }

    /// Applies `event` and returns what to do, in order.
    ///
    /// - Throws: `IllegalSessionTransition` if `event` is not allowed in `state`; the
    ///   machine is unchanged then.
    mutating func handle(_ event: Event) throws(IllegalSessionTransition<State, Event>) -> [Action]
}

/// An event that has no meaning in the machine's current state (e.g. media connected
/// before the viewer asked for a stream). Received from the network, it is answered
/// with an `error` message of code `illegal-state`.
public struct IllegalSessionTransition<State: Sendable & Hashable, Event: Sendable & Hashable>: Error, Sendable, Hashable {
    public let state: State
    public let event: Event

    public init(state: State, event: Event) {
        self.state = state
        self.event = event
    }

    /// The `error` payload that answers this, when the event came from a message.
    public var report: SignalingErrorReport {
        SignalingErrorReport(code: .illegalState, message: "not allowed in the session's current state")
    }
}
