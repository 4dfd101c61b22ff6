/// What one V4L2 capture device offers, as listed by the driver: the value behind
/// `camera-agent probe` and the input of format choice.
public struct VideoDeviceDescription: Sendable, Codable, Equatable {
    /// Device node, e.g. `/dev/video0`.
    public var path: String
    /// Driver name from `VIDIOC_QUERYCAP` (`uvcvideo`, `vivid`).
    public var driver: String
    /// Human name of the device (`HD Pro Webcam C920`).
    public var card: String
    /// Where it is attached (`usb-0000:00:14.0-1`), stable across reboots for udev rules.
    public var busInfo: String
    /// Native formats only: formats libv4l2 merely emulates are left out.
    public var formats: [VideoFormatDescription]

    public init(path: String, driver: String, card: String, busInfo: String, formats: [VideoFormatDescription]) {
        self.path = path
        self.driver = driver
        self.card = card
        self.busInfo = busInfo
        self.formats = formats
    }
}

/// One pixel format of a device with the sizes it comes in.
public struct VideoFormatDescription: Sendable, Codable, Equatable {
    public var pixelFormat: V4L2PixelFormat
    /// The driver's own words (`YUYV 4:2:2`).
    public var name: String
    public var sizes: [VideoFrameSizeDescription]

    public init(pixelFormat: V4L2PixelFormat, name: String, sizes: [VideoFrameSizeDescription]) {
        self.pixelFormat = pixelFormat
        self.name = name
        self.sizes = sizes
    }
}

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

/// Time per frame as V4L2 states it: `numerator / denominator` seconds (1/30 for 30 fps).
public struct VideoFrameInterval: Sendable, Codable, Hashable, CustomStringConvertible {
    public var numerator: UInt32
    public var denominator: UInt32

    public init(numerator: UInt32, denominator: UInt32) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// An interval for a rate, as a fraction over 1000 so 29.97 survives.
    public init(framesPerSecond: Double) {
        let rate = max(framesPerSecond, 0.001)
        self.init(numerator: 1000, denominator: UInt32(min((rate * 1000).rounded(), Double(UInt32.max))))
    }

    public var framesPerSecond: Double { numerator == 0 ? 0 : Double(denominator) / Double(numerator) }

    public var description: String { "\(numerator)/\(denominator)s" }
}
