#if canImport(Glibc)
import Glibc
#endif

/// A point on the monotonic clock (`CLOCK_MONOTONIC`), in nanoseconds.
///
/// Capture timestamps use this clock so that wall-clock steps (NTP, manual
/// changes) never reorder or stretch media.
public struct MediaTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var nanoseconds: UInt64

    public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

    public static let zero = MediaTime(nanoseconds: 0)

    /// The monotonic clock now.
    public static func now() -> MediaTime {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return MediaTime(nanoseconds: UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec))
    }

    public var seconds: Double { Double(nanoseconds) / 1e9 }

    /// The time in units of a media clock (90 000 for video RTP, 48 000 for Opus).
    public func ticks(clockRate: UInt64) -> UInt64 {
        nanoseconds / 1_000 * clockRate / 1_000_000
    }

    public static func < (lhs: MediaTime, rhs: MediaTime) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    public static func + (lhs: MediaTime, rhs: MediaDuration) -> MediaTime {
        MediaTime(nanoseconds: lhs.nanoseconds + rhs.nanoseconds)
    }

    /// The time from `earlier` to `self`; zero if `earlier` is later.
    public func since(_ earlier: MediaTime) -> MediaDuration {
        MediaDuration(nanoseconds: nanoseconds >= earlier.nanoseconds ? nanoseconds - earlier.nanoseconds : 0)
    }

    public var description: String { "\(seconds)s" }
}

/// A non-negative span of media time, in nanoseconds.
public struct MediaDuration: Sendable, Hashable, Comparable {
    public var nanoseconds: UInt64

    public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }
    public static func milliseconds(_ value: UInt64) -> MediaDuration { MediaDuration(nanoseconds: value * 1_000_000) }
    public static func seconds(_ value: Double) -> MediaDuration { MediaDuration(nanoseconds: UInt64(value * 1e9)) }

    /// The duration of one frame at `framesPerSecond`.
    public static func frameInterval(framesPerSecond: Int) -> MediaDuration {
        MediaDuration(nanoseconds: 1_000_000_000 / UInt64(framesPerSecond))
    }

    public var seconds: Double { Double(nanoseconds) / 1e9 }

    public static func < (lhs: MediaDuration, rhs: MediaDuration) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
}
