/// Why a systemd notification could not be set up or sent.
///
/// Each case names the rule of the sd_notify protocol (`sd_notify(3)`,
/// `systemd.service(5)`) that the environment or the message broke, or the
/// system call that failed, so a service can log it and carry on: a failed
/// notification must never take the agent down.
public enum SystemdNotifyError: Error, Equatable, Sendable {
    /// `NOTIFY_SOCKET` is neither an absolute path nor an abstract name (`@…`).
    case notifySocketNotAbsoluteOrAbstract(String)
    /// `NOTIFY_SOCKET` does not fit in `sockaddr_un.sun_path` (108 bytes).
    case notifySocketTooLong(String)
    /// `WATCHDOG_USEC` is not a positive decimal integer of microseconds.
    case watchdogIntervalNotPositiveInteger(String)
    /// `WATCHDOG_PID` is not a positive decimal process id.
    case watchdogPIDNotPositiveInteger(String)
    /// A `STATUS=` text with a newline would smuggle in another assignment.
    case statusContainsNewline(String)
    /// A system call failed; `errno` is kept as the kernel reported it.
    case systemCall(name: String, errno: Int32)
}
