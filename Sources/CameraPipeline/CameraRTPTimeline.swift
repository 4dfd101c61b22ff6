import Media

/// The one time line both RTP streams of a camera stream share: RTP time = offset +
/// (capture time − the first capture time ever packetized) × clock rate, rounded to the
/// nearest tick (RFC 3550 §5.1: timestamps reflect the sampling instant).
///
/// Because video and audio map capture time the same way, the sender-report generator can
/// turn any wall/monotonic instant into both RTP timestamps (RFC 3550 §6.4.1), which is what
/// lets a viewer line audio up with video. Rounding matters: 30 fps then advances exactly
/// 3000 ticks a frame instead of jittering by one.
struct CameraRTPTimeline: Sendable {
    private(set) var base: MediaTime?

    /// Fixes the origin at the first time seen; later calls change nothing.
    mutating func anchor(at time: MediaTime) {
        if base == nil { base = time }
    }

    /// Ticks of a `clockRate` clock from the origin to `time` (0 before the origin); nil
    /// while nothing was packetized yet.
    func ticks(at time: MediaTime, clockRate: Int) -> UInt64? {
        guard let base else { return nil }
        let elapsed = time.since(base).nanoseconds
        let rate = UInt64(clockRate)
        return elapsed / 1_000_000_000 * rate + (elapsed % 1_000_000_000 * rate + 500_000_000) / 1_000_000_000
    }
}
