/// Frame intervals offered at one size: a list, or a stepwise range.
public enum VideoFrameIntervalRange: Sendable, Codable, Equatable {
    case discrete([VideoFrameInterval])
    /// From `shortest` (fastest rate) to `longest` in steps of `step`.
    case stepwise(shortest: VideoFrameInterval, longest: VideoFrameInterval, step: VideoFrameInterval)

    /// The offered interval whose rate is nearest `framesPerSecond`, preferring rates at
    /// or above it (extra frames can be dropped later, missing ones cannot be invented).
    public func nearest(toFramesPerSecond wanted: Double) -> VideoFrameInterval? {
        switch self {
        case .discrete(let intervals):
            let atLeast = intervals.filter { $0.framesPerSecond >= wanted - 0.01 }
            if let best = atLeast.min(by: { $0.framesPerSecond < $1.framesPerSecond }) { return best }
            return intervals.max(by: { $0.framesPerSecond < $1.framesPerSecond })
        case .stepwise(let shortest, let longest, _):
            let fastest = shortest.framesPerSecond, slowest = longest.framesPerSecond
            let rate = min(max(wanted, slowest), fastest)
            return VideoFrameInterval(framesPerSecond: rate)
        }
    }
}
