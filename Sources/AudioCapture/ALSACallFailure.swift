#if canImport(Glibc)
import Glibc
#endif
import CALSA

/// A failed ALSA call: which call and the negative errno it returned.
public struct ALSACallFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public let call: String
    /// The positive errno (ALSA returns `-errno`).
    public let errno: Int32

    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String {
        "\(call) failed: \(String(cString: snd_strerror(-errno))) (errno \(errno))"
    }
}
