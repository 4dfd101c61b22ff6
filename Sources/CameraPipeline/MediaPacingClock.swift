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
