#if canImport(Glibc)
import Glibc
#endif
import Media

/// The time base a synthetic source paces itself by. Real capture devices pace themselves
/// (the driver hands out frames at the sensor's rate); test sources need a clock, and tests
/// swap it for one that does not wait, so a minute of video takes as long as encoding it.
public protocol MediaPacingClock: Sendable {
    /// Now, on the same monotonic time line as `MediaTime.now()`.
    func now() -> MediaTime
    /// Blocks the calling capture thread until `deadline`, or until `stop` is raised.
    /// - Returns: false when it returned because of `stop`.
    func sleep(until deadline: MediaTime, unlessRaised stop: CaptureStopSignal) -> Bool
}

/// Real time on `CLOCK_MONOTONIC`, sleeping in slices of at most `slice` so a raised
/// stop signal is seen within one slice.
public struct MonotonicPacingClock: MediaPacingClock {
    public let slice: MediaDuration

    public init(slice: MediaDuration = .milliseconds(5)) { self.slice = slice }

    public func now() -> MediaTime { .now() }

    public func sleep(until deadline: MediaTime, unlessRaised stop: CaptureStopSignal) -> Bool {
        while !stop.isRaised {
            let now = MediaTime.now()
            guard now < deadline else { return true }
            let wake = min(deadline, now + slice)
            var target = timespec(tv_sec: Int(wake.nanoseconds / 1_000_000_000),
                                  tv_nsec: Int(wake.nanoseconds % 1_000_000_000))
            // Absolute deadline: an EINTR wake-up simply goes round the loop again.
            _ = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &target, nil)
        }
        return false
    }
}

/// A clock that never waits: sources produce frames as fast as the pipeline takes them,
/// with the timestamps they would have had in real time. For tests and benchmarks.
public struct FreeRunningPacingClock: MediaPacingClock {
    public init() {}

    public func now() -> MediaTime { .now() }

    public func sleep(until deadline: MediaTime, unlessRaised stop: CaptureStopSignal) -> Bool {
        !stop.isRaised
    }
}
