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
