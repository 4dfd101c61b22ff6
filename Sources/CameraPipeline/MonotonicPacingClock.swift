#if canImport(Glibc)
import Glibc
#endif
import Media

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
