/// What a caller would like from a camera. Devices rarely match exactly; see
/// `VideoFormatScore` for how the nearest offer is chosen.
public struct VideoCaptureRequest: Sendable, Codable, Equatable {
    /// What the session hands out.
    public enum Delivery: String, Sendable, Codable {
        /// I420 `VideoFrame`s, converted by libv4lconvert when the camera speaks another format.
        case i420
        /// The camera's own H264 as `EncodedVideoFrame`s (no re-encode) when it offers H264,
        /// otherwise I420 like `.i420`.
        case h264PassThroughPreferred
    }

    public var width: Int
    public var height: Int
    public var framesPerSecond: Double
    public var delivery: Delivery
    /// mmap buffers the driver fills in turn; more absorbs scheduling hiccups, costs memory.
    public var bufferCount: Int
    /// Native formats the session may read from; nil for any. An operator pins one when
    /// the automatic choice is wrong for the hardware, e.g. MJPEG on a USB 2 camera
    /// whose 720p YUYV does not fit the bus at 30 fps.
    public var sourceFormats: [V4L2PixelFormat]?

    public init(width: Int, height: Int, framesPerSecond: Double, delivery: Delivery = .i420, bufferCount: Int = 4,
                sourceFormats: [V4L2PixelFormat]? = nil) {
        self.width = width
        self.height = height
        self.framesPerSecond = framesPerSecond
        self.delivery = delivery
        self.bufferCount = bufferCount
        self.sourceFormats = sourceFormats
    }
}
