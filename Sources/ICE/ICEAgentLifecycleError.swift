/// Calls made on an `ICEAgent` outside the part of its life where they make sense.
public enum ICEAgentLifecycleError: Error, Equatable, Sendable {
    /// The agent was closed; libnice objects are gone.
    case closed
    /// `nice_agent_restart_stream` refused the restart.
    case restartRefused
}
