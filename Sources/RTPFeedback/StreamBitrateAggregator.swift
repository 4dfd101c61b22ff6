/// Chooses the target bitrate of the ONE encoder that feeds every viewer of a stream, from
/// each viewer's `PeerBitrateController` estimate.
///
/// Policy: the encoder follows the slowest viewer, `min` over peers, so that no viewer
/// receives more than its path carries — but never below `floor`. A viewer whose estimate is
/// under the floor is reported in `starvedPeers` rather than allowed to drag every other
/// viewer down to an unwatchable rate: it gets the floor rate and its own losses (NACK, PLI)
/// until the caller decides (for example, to drop it or to give it a lower-rate stream).
/// With no viewers the target stays where it was.
///
/// Hysteresis, so the encoder is not reconfigured on every report: a decrease is applied at
/// once when it is at least `decreaseThreshold` (relative) below the current target (the
/// network is already suffering); an increase only when it is at least `increaseThreshold`
/// above it and `minimumIncreaseInterval` has passed since the last change.
public struct StreamBitrateAggregator: Sendable {
    public struct Configuration: Sendable {
        /// The encoder's usable range, bits per second.
        public var range: ClosedRange<Int>
        /// The lowest rate one slow viewer can push the stream to.
        public var floor: Int
        public var decreaseThreshold: Double
        public var increaseThreshold: Double
        public var minimumIncreaseInterval: Duration

        public init(range: ClosedRange<Int>, floor: Int? = nil, decreaseThreshold: Double = 0.05,
                    increaseThreshold: Double = 0.10, minimumIncreaseInterval: Duration = .seconds(1)) {
            self.range = range
            self.floor = min(max(floor ?? range.lowerBound, range.lowerBound), range.upperBound)
            self.decreaseThreshold = decreaseThreshold
            self.increaseThreshold = increaseThreshold
            self.minimumIncreaseInterval = minimumIncreaseInterval
        }
    }

    public let configuration: Configuration
    private var estimates: [Int: Int] = [:]
    /// The encoder target last handed out.
    public private(set) var target: Int
    private var lastChange: Duration?
    /// Encoder reconfigurations so far.
    public private(set) var changeCount = 0

    public init(configuration: Configuration, initialTarget: Int) {
        self.configuration = configuration
        self.target = min(max(initialTarget, configuration.range.lowerBound), configuration.range.upperBound)
    }

    /// Peers whose estimate is below the floor, in ascending order of their identifiers.
    public var starvedPeers: [Int] {
        estimates.filter { $0.value < configuration.floor }.keys.sorted()
    }

    /// The target the estimates ask for now, before hysteresis.
    public var desiredTarget: Int? {
        guard let slowest = estimates.values.min() else { return nil }
        return min(max(slowest, configuration.floor), configuration.range.upperBound)
    }

    /// Records `peer`'s estimate at `now`; returns the new encoder target when it changes.
    public mutating func update(peer: Int, estimate: Int, at now: Duration) -> Int? {
        estimates[peer] = estimate
        return reconsider(at: now)
    }

    /// The peer left; its estimate no longer limits the stream (the target may rise).
    public mutating func removePeer(_ peer: Int, at now: Duration) -> Int? {
        estimates[peer] = nil
        return reconsider(at: now)
    }

    /// Re-evaluates without a new estimate (for example from a timer, to apply an increase
    /// that was held back by `minimumIncreaseInterval`).
    public mutating func reconsider(at now: Duration) -> Int? {
        guard let desired = desiredTarget, desired != target else { return nil }
        let change = target > 0 ? Double(desired - target) / Double(target) : 1
        if change < 0 {
            guard -change >= configuration.decreaseThreshold else { return nil }
        } else {
            guard change >= configuration.increaseThreshold,
                  lastChange.map({ now - $0 >= configuration.minimumIncreaseInterval }) ?? true
            else { return nil }
        }
        target = desired
        lastChange = now
        changeCount += 1
        return desired
    }
}
