import Media

/// A clock that never waits: sources produce frames as fast as the pipeline takes them,
/// with the timestamps they would have had in real time. For tests and benchmarks.
public struct FreeRunningPacingClock: MediaPacingClock {
    public init() {}

    public func now() -> MediaTime { .now() }

    public func sleep(until deadline: MediaTime, unlessRaised stop: CaptureStopSignal) -> Bool {
        !stop.isRaised
    }
}
