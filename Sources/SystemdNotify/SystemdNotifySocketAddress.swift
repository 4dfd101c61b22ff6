#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Where the service manager listens: the value of `NOTIFY_SOCKET`.
///
/// systemd passes either a file-system path (`/run/systemd/notify`) or a
/// Linux abstract socket name written with a leading `@`; see `sd_notify(3)`.
public enum SystemdNotifySocketAddress: Equatable, Sendable {
    case path(String)
    case abstract(String)

    /// `sun_path` is 108 bytes; a path also needs its terminating NUL.
    static let sunPathCapacity = 108

    /// Parses a `NOTIFY_SOCKET` value.
    public init(notifySocket value: String) throws(SystemdNotifyError) {
        if value.hasPrefix("@") {
            let name = String(value.dropFirst())
            guard !name.isEmpty else { throw .notifySocketNotAbsoluteOrAbstract(value) }
            guard name.utf8.count + 1 <= Self.sunPathCapacity else { throw .notifySocketTooLong(value) }
            self = .abstract(name)
        } else if value.hasPrefix("/") {
            guard value.utf8.count + 1 <= Self.sunPathCapacity else { throw .notifySocketTooLong(value) }
            self = .path(value)
        } else {
            throw .notifySocketNotAbsoluteOrAbstract(value)
        }
    }

    /// Calls `body` with a filled `sockaddr_un` and its exact length: an
    /// abstract name starts with a NUL byte and its length counts no terminator.
    public func withSocketAddress<Result>(
        _ body: (UnsafePointer<sockaddr>, socklen_t) -> Result
    ) -> Result {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes: [UInt8]
        switch self {
        case .path(let path): bytes = Array(path.utf8) + [0]
        case .abstract(let name): bytes = [0] + Array(name.utf8)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { sunPath in
            sunPath.copyBytes(from: bytes)
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path) ?? 2
        let length = socklen_t(pathOffset + bytes.count)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }
}
