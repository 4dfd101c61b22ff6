#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The watchdog that systemd arms for a unit with `WatchdogSec=`.
///
/// systemd exports `WATCHDOG_USEC` (the timeout) and `WATCHDOG_PID` (the
/// process meant to ping). A child that inherited the environment must not
/// ping on the parent's behalf, hence the PID check (`sd_watchdog_enabled(3)`).
/// Pinging at half the timeout, as that page recommends, leaves a whole
/// half-interval of slack for a busy box.
public struct SystemdWatchdog: Equatable, Sendable {
    /// The timeout after which systemd kills and restarts the service.
    public let timeout: Duration

    /// How often to send `WATCHDOG=1`: half the timeout.
    public var pingInterval: Duration { timeout / 2 }

    public init(timeout: Duration) {
        self.timeout = timeout
    }

    /// Reads `WATCHDOG_USEC` and `WATCHDOG_PID`.
    ///
    /// - Parameters:
    ///   - environment: the process environment.
    ///   - processID: this process's id, to compare with `WATCHDOG_PID`.
    /// - Returns: nil when no watchdog is armed for this process (variable
    ///   unset, or `WATCHDOG_PID` names another process).
    /// - Throws: ``SystemdNotifyError`` when a variable is set but malformed.
    public static func fromEnvironment(
        _ environment: [String: String],
        processID: Int32 = getpid()
    ) throws(SystemdNotifyError) -> SystemdWatchdog? {
        guard let text = environment["WATCHDOG_USEC"], !text.isEmpty else { return nil }
        guard text.allSatisfy(\.isASCII), let microseconds = UInt64(text), microseconds > 0 else {
            throw .watchdogIntervalNotPositiveInteger(text)
        }
        if let pidText = environment["WATCHDOG_PID"], !pidText.isEmpty {
            guard let pid = Int32(pidText), pid > 0 else { throw .watchdogPIDNotPositiveInteger(pidText) }
            guard pid == processID else { return nil }
        }
        return SystemdWatchdog(timeout: .microseconds(Int64(clamping: microseconds)))
    }
}
