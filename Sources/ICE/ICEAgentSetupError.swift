/// Why an `ICEAgent` could not be created or could not start gathering.
public enum ICEAgentSetupError: Error, Equatable, Sendable {
    /// GLib could not create the agent's own main context or loop.
    case glibContextUnavailable
    /// libnice refused to create the agent or its stream.
    case agentUnavailable
    /// A configured local address is not an IPv4/IPv6 literal libnice accepts.
    case invalidLocalAddress(String)
    /// A STUN or TURN server is not an IP literal with a usable port, or libnice refused it.
    case invalidServer(String)
    /// `nice_agent_gather_candidates` refused to start (no usable local address or port).
    case gatheringRefused
}
