/// How long to wait before each reconnection attempt: exponential, bounded, jittered.
///
/// Attempt *n* (0-based) draws uniformly from `[ceiling/2, ceiling]` with
/// `ceiling = min(maximum, initial × 2ⁿ)` ("equal jitter"). Why jitter: when a camera
/// restarts, every viewer that watched it notices at the same moment; without jitter they
/// would all come back in lock-step. Why keep half the ceiling: a flapping link still backs
/// off steadily rather than retrying at once by chance. A session that reached media resets
/// the count, so an outage after hours of streaming starts again from `initial`.
public struct ReconnectBackoff: Sendable, Equatable {
    public let initial: Duration
    public let maximum: Duration
    /// Attempts made since the last reset.
    public private(set) var attempt = 0

    /// - Precondition: `initial > 0`, `maximum ≥ initial` (the configuration enforces both).
    public init(initial: Duration, maximum: Duration) {
        self.initial = max(initial, .milliseconds(1))
        self.maximum = max(maximum, self.initial)
    }

    /// The upper bound for the next delay, before jitter.
    public var ceiling: Duration {
        var ceiling = initial
        for _ in 0..<min(attempt, 40) {
            ceiling *= 2
            if ceiling >= maximum { return maximum }
        }
        return min(ceiling, maximum)
    }

    /// The next delay, drawn with `generator`; counts the attempt.
    public mutating func nextDelay(using generator: inout some RandomNumberGenerator) -> Duration {
        let top = ceiling
        attempt += 1
        let topNanoseconds = Self.nanoseconds(top)
        let drawn = Int64.random(in: (topNanoseconds / 2)...topNanoseconds, using: &generator)
        return .nanoseconds(drawn)
    }

    /// The next delay from the system generator.
    public mutating func nextDelay() -> Duration {
        var generator = SystemRandomNumberGenerator()
        return nextDelay(using: &generator)
    }

    /// Media flowed again: the next outage starts from `initial`.
    public mutating func reset() { attempt = 0 }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
