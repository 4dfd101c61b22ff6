/// Chooses how long the reorder/jitter buffer waits for a missing packet: short while the
/// network behaves, longer as soon as packets are seen arriving late (reordered, or
/// retransmitted after a NACK), so that the next hole of that kind is still waited for.
///
/// The target is the largest of: the minimum, the worst recent lateness of a hole-filling
/// packet plus a margin, three times the interarrival jitter, and one round trip plus the
/// retry interval (time a NACKed packet needs to come back). The remembered lateness decays
/// slowly, so a burst widens the buffer for a while instead of for the whole session.
struct ReceiverDelayEstimator: Sendable {
    let minimum: Duration
    let maximum: Duration
    /// Peak lateness of a packet that filled a hole, decaying over time.
    private(set) var peakLateness: Duration = .zero
    private var lastDecay: Duration?
    /// How much of the remembered peak is forgotten per second.
    static let decayPerSecond = Duration.milliseconds(10)
    static let margin = Duration.milliseconds(15)

    init(minimum: Duration, maximum: Duration) {
        self.minimum = minimum
        self.maximum = max(minimum, maximum)
    }

    /// A packet arrived `lateness` after its hole was seen (whether or not it was in time).
    mutating func observeLateArrival(_ lateness: Duration) {
        peakLateness = max(peakLateness, lateness)
    }

    mutating func decay(at now: Duration) {
        defer { lastDecay = now }
        guard let lastDecay, now > lastDecay else { return }
        let forget = (now - lastDecay) * Self.decayPerSecond.seconds
        peakLateness = peakLateness > forget ? peakLateness - forget : .zero
    }

    /// The delay to use now.
    /// - Parameter retransmissionBudget: time a lost packet needs to be NACKed, resent and
    ///   NACKed once more if the resend is lost too; `nil` without NACK.
    func target(jitter: Duration, retransmissionBudget: Duration?) -> Duration {
        var wanted = minimum
        if peakLateness > .zero { wanted = max(wanted, peakLateness + Self.margin) }
        wanted = max(wanted, jitter * 3)
        if let retransmissionBudget { wanted = max(wanted, retransmissionBudget + Self.margin) }
        return min(wanted, maximum)
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number, for rates and JSON.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }

    /// Nanoseconds, clamped at zero (media times are unsigned).
    var nonNegativeNanoseconds: UInt64 {
        let (whole, attoseconds) = components
        let total = whole * 1_000_000_000 + attoseconds / 1_000_000_000
        return total > 0 ? UInt64(total) : 0
    }
}

/// The earlier of two optional deadlines, without building an array on the poll path.
func earliest(_ a: Duration?, _ b: Duration?) -> Duration? {
    guard let a else { return b }
    guard let b else { return a }
    return min(a, b)
}
