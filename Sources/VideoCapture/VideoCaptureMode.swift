/// A concrete way of running a device: format, size and frame interval.
public struct VideoCaptureMode: Sendable, Codable, Equatable, CustomStringConvertible {
    /// The device's native format the mode reads from.
    public var pixelFormat: V4L2PixelFormat
    public var width: Int
    public var height: Int
    public var interval: VideoFrameInterval

    public init(pixelFormat: V4L2PixelFormat, width: Int, height: Int, interval: VideoFrameInterval) {
        self.pixelFormat = pixelFormat
        self.width = width
        self.height = height
        self.interval = interval
    }

    public var description: String {
        "\(pixelFormat) \(width)x\(height) @ \(String(format2: interval.framesPerSecond)) fps"
    }
}

extension String {
    /// A number with two decimals, without Foundation.
    init(format2 value: Double) {
        let hundredths = Int((value * 100).rounded())
        let fraction = abs(hundredths % 100)
        self = "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
