/// One state change told to the service manager over `NOTIFY_SOCKET`.
///
/// The wire form is newline-separated `KEY=VALUE` assignments in a single
/// datagram, as listed in `sd_notify(3)`.
public enum SystemdNotifyMessage: Equatable, Sendable {
    /// `READY=1`: start-up finished; a `Type=notify` unit becomes active.
    case ready
    /// `STATUS=…`: one line for `systemctl status`.
    case status(String)
    /// `WATCHDOG=1`: the service is alive; must come within `WatchdogSec`.
    case watchdog
    /// `STOPPING=1`: graceful shutdown has begun.
    case stopping
    /// `EXTEND_TIMEOUT_USEC=…`: start-up (or shutdown) needs this much more
    /// time from now, e.g. while the first start creates the certificate and
    /// database, or while waiting for a camera to be plugged in.
    case extendTimeout(microseconds: UInt64)
    /// `RELOADING=1` with `MONOTONIC_USEC=`: systemd 253 and later require the
    /// CLOCK_MONOTONIC time of the reload request for `Type=notify-reload`.
    case reloading(monotonicMicroseconds: UInt64)

    /// The assignments this message puts on the wire, without a trailing newline.
    ///
    /// - Throws: ``SystemdNotifyError/statusContainsNewline(_:)`` for a status
    ///   text that would otherwise inject further assignments.
    public func wireText() throws(SystemdNotifyError) -> String {
        switch self {
        case .ready:
            return "READY=1"
        case .status(let text):
            guard !text.contains(where: \.isNewline) else { throw .statusContainsNewline(text) }
            return "STATUS=\(text)"
        case .watchdog:
            return "WATCHDOG=1"
        case .stopping:
            return "STOPPING=1"
        case .extendTimeout(let microseconds):
            return "EXTEND_TIMEOUT_USEC=\(microseconds)"
        case .reloading(let microseconds):
            return "RELOADING=1\nMONOTONIC_USEC=\(microseconds)"
        }
    }
}
