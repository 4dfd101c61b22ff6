import CNice

/// The connection state of the agent's single component, in WebRTC's vocabulary
/// (`RTCIceConnectionState` plus `gathering`), mapped from libnice's `NiceComponentState`.
public enum ICEConnectionState: String, Equatable, Sendable {
    /// Created, nothing gathered yet.
    case new
    /// Gathering local candidates (also right after an ICE restart).
    case gathering
    /// Connectivity checks are running (RFC 8445 §6.1.4, §7).
    case checking
    /// At least one pair works; data can flow.
    case connected
    /// Nomination is over and the selected pair is final (RFC 8445 §8).
    case completed
    /// Every pair failed, or consent expired (RFC 7675 §5.1).
    case failed
    /// libnice reported no activity on the component after it had been active.
    case disconnected
    /// `ICEAgent.close()` ran; nothing more will happen.
    case closed

    /// Whether `ICEAgent.send(_:)` may hand datagrams to libnice in this state.
    public var canSend: Bool { self == .connected || self == .completed }

    init(niceState: UInt32) {
        switch niceState {
        case NICE_COMPONENT_STATE_GATHERING.rawValue: self = .gathering
        case NICE_COMPONENT_STATE_CONNECTING.rawValue: self = .checking
        case NICE_COMPONENT_STATE_CONNECTED.rawValue: self = .connected
        case NICE_COMPONENT_STATE_READY.rawValue: self = .completed
        case NICE_COMPONENT_STATE_FAILED.rawValue: self = .failed
        default: self = .disconnected
        }
    }
}
