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
