/// A picture size, or a range of sizes, with the frame intervals offered at it.
///
/// Discrete sizes have `minimum == maximum`. For stepwise ranges the intervals are
/// those the driver reports at the largest size.
public struct VideoFrameSizeDescription: Sendable, Codable, Equatable {
    public var minimumWidth: Int
    public var maximumWidth: Int
    public var widthStep: Int
    public var minimumHeight: Int
    public var maximumHeight: Int
    public var heightStep: Int
    public var intervals: VideoFrameIntervalRange

    public init(width: Int, height: Int, intervals: VideoFrameIntervalRange) {
        self.init(minimumWidth: width, maximumWidth: width, widthStep: 1,
                  minimumHeight: height, maximumHeight: height, heightStep: 1, intervals: intervals)
    }

    public init(minimumWidth: Int, maximumWidth: Int, widthStep: Int, minimumHeight: Int, maximumHeight: Int,
                heightStep: Int, intervals: VideoFrameIntervalRange) {
        self.minimumWidth = minimumWidth
        self.maximumWidth = maximumWidth
        self.widthStep = max(widthStep, 1)
        self.minimumHeight = minimumHeight
        self.maximumHeight = maximumHeight
        self.heightStep = max(heightStep, 1)
        self.intervals = intervals
    }

    public var isDiscrete: Bool { minimumWidth == maximumWidth && minimumHeight == maximumHeight }

    /// The size in the range nearest to `width`×`height`, on the driver's steps.
    public func nearestSize(width: Int, height: Int) -> (width: Int, height: Int) {
        func snap(_ value: Int, _ low: Int, _ high: Int, _ step: Int) -> Int {
            let clamped = min(max(value, low), high)
            return low + (clamped - low + step / 2) / step * step
        }
        return (min(snap(width, minimumWidth, maximumWidth, widthStep), maximumWidth),
                min(snap(height, minimumHeight, maximumHeight, heightStep), maximumHeight))
    }
}
