/// What a capture session actually runs at after the driver had its say.
public struct NegotiatedVideoFormat: Sendable, Codable, Equatable, CustomStringConvertible {
    /// The device mode chosen by `VideoFormatScore` (its native format).
    public var mode: VideoCaptureMode
    /// What the session hands out: `YU12` (I420) or `H264`.
    public var deliveredFormat: V4L2PixelFormat
    public var width: Int
    public var height: Int
    /// Bytes per row in the driver's buffer, in the native format (luma rows for I420).
    public var bytesPerLine: Int
    /// The rate the driver accepted (`VIDIOC_G_PARM` after `VIDIOC_S_PARM`).
    public var framesPerSecond: Double

    public var isH264PassThrough: Bool { deliveredFormat == .h264 }

    public var description: String {
        "\(deliveredFormat) \(width)x\(height) @ \(String(format2: framesPerSecond)) fps from \(mode.pixelFormat)"
    }
}
