#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SystemdNotify

/// A datagram socket owned by the test, standing in for systemd's notify socket.
///
/// Bound to a fresh path in a temporary directory or to a unique abstract
/// name; reads time out after two seconds so a missing message fails the
/// test instead of hanging it.
public final class NotifyListener {
    public let descriptor: Int32
    /// The `NOTIFY_SOCKET` value that reaches this listener.
    public let notifySocket: String
    private let path: String?

    public init(abstract: Bool) throws {
        let unique = "peercam-notify-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let address: SystemdNotifySocketAddress
        if abstract {
            notifySocket = "@" + unique
            address = .abstract(unique)
            path = nil
        } else {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent(unique).path
            notifySocket = file
            address = .path(file)
            path = file
        }
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SystemdNotifyError.systemCall(name: "socket", errno: errno) }
        let bound = address.withSocketAddress { bind(descriptor, $0, $1) }
        guard bound == 0 else { throw SystemdNotifyError.systemCall(name: "bind", errno: errno) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(descriptor)
        if let path { unlink(path) }
    }

    /// The next datagram as text, or nil after the timeout (blocking: for
    /// synchronous tests only).
    public func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    /// The next datagram, or nil after `timeout`, without blocking a thread of
    /// the cooperative pool (which the code under test may need to run). The
    /// timeout is long because it only matters when something is wrong: on a
    /// loaded 2-core machine other tests may hold the CPU for seconds.
    public func next(timeout: Duration = .seconds(15)) async -> String? {
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count >= 0 { return String(decoding: buffer[..<count], as: UTF8.self) }
            guard ContinuousClock.now < deadline else { return nil }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Datagrams already queued, without waiting.
    public func drain() -> [String] {
        var messages: [String] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            guard count >= 0 else { return messages }
            messages.append(String(decoding: buffer[..<count], as: UTF8.self))
        }
    }
}
