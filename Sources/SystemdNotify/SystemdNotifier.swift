#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Speaks the sd_notify protocol directly, without linking libsystemd.
///
/// Built from the process environment: under systemd with `Type=notify`,
/// `NOTIFY_SOCKET` names a datagram socket; anywhere else (a terminal, a
/// test, `make demo`) it is unset and every call is a no-op, so the agent
/// never has to ask whether it runs under systemd.
///
/// Each ``send(_:)`` opens a datagram socket, sends one datagram and closes
/// it, as libsystemd does: notifications are rare (start, stop, a status line,
/// a watchdog ping every few seconds) and this keeps the type a plain value.
public struct SystemdNotifier: Sendable {
    /// The service manager's socket, or nil when not started by systemd.
    public let socketAddress: SystemdNotifySocketAddress?

    /// True when notifications actually go somewhere.
    public var isActive: Bool { socketAddress != nil }

    /// A notifier that drops everything: for use outside systemd.
    public static let inactive = SystemdNotifier(socketAddress: nil)

    public init(socketAddress: SystemdNotifySocketAddress?) {
        self.socketAddress = socketAddress
    }

    /// Reads `NOTIFY_SOCKET` from `environment`.
    ///
    /// - Throws: ``SystemdNotifyError`` when the variable is set but unusable;
    ///   an unset or empty variable gives an inactive notifier.
    public init(environment: [String: String]) throws(SystemdNotifyError) {
        guard let value = environment["NOTIFY_SOCKET"], !value.isEmpty else {
            self.init(socketAddress: nil)
            return
        }
        self.init(socketAddress: try SystemdNotifySocketAddress(notifySocket: value))
    }

    /// Sends the messages in one datagram, so systemd applies them together.
    public func send(_ messages: SystemdNotifyMessage...) throws(SystemdNotifyError) {
        try send(messages)
    }

    /// Sends the messages in one datagram, so systemd applies them together.
    public func send(_ messages: [SystemdNotifyMessage]) throws(SystemdNotifyError) {
        guard let socketAddress, !messages.isEmpty else { return }
        var lines: [String] = []
        for message in messages { lines.append(try message.wireText()) }
        let datagram = Array(lines.joined(separator: "\n").utf8)

        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .systemCall(name: "socket", errno: errno) }
        defer { close(descriptor) }

        let failure: Int32? = socketAddress.withSocketAddress { address, length in
            datagram.withUnsafeBytes { bytes in
                while true {
                    let sent = sendto(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), address, length)
                    if sent >= 0 { return nil }
                    if errno != EINTR { return errno }
                }
            }
        }
        if let failure { throw .systemCall(name: "sendto", errno: failure) }
    }

    /// Tells systemd a reload started, stamped with CLOCK_MONOTONIC now.
    public func sendReloading() throws(SystemdNotifyError) {
        try send(.reloading(monotonicMicroseconds: Self.monotonicMicroseconds()))
    }

    /// CLOCK_MONOTONIC in microseconds, the clock `MONOTONIC_USEC=` refers to.
    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}
