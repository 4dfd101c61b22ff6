#if canImport(Glibc)
import Glibc
#endif

/// A failed system call: which call and the errno it left.
public struct V4L2SystemCallFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The call, e.g. `VIDIOC_DQBUF` or `poll`.
    public let call: String
    public let errno: Int32

    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    /// True when the errno means the device is gone rather than that the request was wrong.
    public var meansDisconnected: Bool { errno == ENODEV || errno == ENXIO || errno == EIO }

    public var description: String {
        "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}
