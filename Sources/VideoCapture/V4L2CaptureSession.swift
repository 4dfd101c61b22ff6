#if canImport(Glibc)
import Glibc
#endif
import CV4L2
import Media

/// A camera streaming into this process: open, negotiate, mmap, stream on — all in
/// `init` — then `read(into:timeout:)` in a loop on one thread. Cameras that cannot
/// give I420 are converted by libv4lconvert (`V4L2FrameConverter`).
///
/// ```swift
/// let camera = try V4L2CaptureSession(path: "/dev/video0",
///                                     request: VideoCaptureRequest(width: 1280, height: 720, framesPerSecond: 30))
/// var frame = camera.makeFrame()
/// while running { try camera.read(into: &frame, timeout: .milliseconds(1000)); encode(frame) }
/// ```
///
/// - Important: Reads block in poll() for at most `timeout`; an unplugged camera ends
///   the stream with `VideoCaptureError.deviceDisconnected`, a silent one with
///   `.noFrameWithin`. Neither leaves the session usable for more than a retry or a close.
public final class V4L2CaptureSession {
    public let path: String
    public let device: VideoDeviceDescription
    public let negotiated: NegotiatedVideoFormat
    public internal(set) var statistics = VideoCaptureStatistics()

    let camera: V4L2Device
    let buffers: V4L2MappedBuffers
    /// nil when the camera streams what the session delivers (I420 or H264).
    let converter: V4L2FrameConverter?
    var lastDriverSequence: UInt32?
    var isStreaming = true
    /// The disconnect that ended the stream, repeated by every later read.
    var endedBy: VideoCaptureError?

    /// Opens the device at `path`, chooses the mode nearest `request` and starts streaming.
    public init(path: String, request: VideoCaptureRequest) throws(VideoCaptureError) {
        let camera = try V4L2Device(path: path)
        let description = try camera.describe()
        guard let mode = VideoFormatScore.bestMode(in: description.formats, for: request) else {
            throw .noUsableFormat(path: path)
        }
        let delivered: V4L2PixelFormat = mode.pixelFormat == .h264 ? .h264 : .yuv420
        let format = try Self.setFormat(camera, mode.pixelFormat, width: mode.width, height: mode.height)
        let width = Int(format.width), height = Int(format.height)
        guard V4L2PixelFormat(fourcc: format.pixelformat) == mode.pixelFormat,
              delivered == .h264 || (width > 0 && height > 0 && width % 2 == 0 && height % 2 == 0) else {
            throw .noUsableFormat(path: path)
        }
        let converter = mode.pixelFormat == delivered
            ? nil : try V4L2FrameConverter(fileDescriptor: camera.fileDescriptor, source: format)
        let rate = try Self.setInterval(camera, mode.interval) ?? mode.interval.framesPerSecond
        let buffers = try V4L2MappedBuffers(device: camera, count: request.bufferCount)
        for index in buffers.regions.indices { try buffers.enqueue(UInt32(index)) }
        var type = Int32(V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue)
        try camera.control(CPeerCam_VIDIOC_STREAMON, "VIDIOC_STREAMON", &type)

        self.path = path
        self.device = description
        self.camera = camera
        self.buffers = buffers
        self.converter = converter
        self.negotiated = NegotiatedVideoFormat(
            mode: mode, deliveredFormat: delivered, width: width, height: height,
            bytesPerLine: max(Int(format.bytesperline), width), framesPerSecond: rate)
    }

    deinit { stop() }

    /// Stops streaming; later reads fail. Safe to call twice and after an unplug.
    public func stop() {
        guard isStreaming else { return }
        isStreaming = false
        var type = Int32(V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue)
        _ = try? V4L2SystemCall.ioctl(camera.fileDescriptor, CPeerCam_VIDIOC_STREAMOFF, "VIDIOC_STREAMOFF", &type)
    }

    /// A frame of the negotiated size to pass to `read(into:timeout:)` again and again.
    public func makeFrame() -> VideoFrame {
        VideoFrame(width: negotiated.width, height: negotiated.height)
    }

    /// An empty access unit to pass to `read(into:timeout:)` on an H264 pass-through session.
    public func makeEncodedFrame() -> EncodedVideoFrame {
        EncodedVideoFrame(annexB: [], isKeyframe: false, width: negotiated.width, height: negotiated.height,
                          timestamp: .zero, sequenceNumber: 0)
    }

    /// `VIDIOC_S_FMT` with a native format. Returns what the driver settled on.
    static func setFormat(_ camera: V4L2Device, _ format: V4L2PixelFormat, width: Int, height: Int)
        throws(VideoCaptureError) -> v4l2_pix_format {
        var request = v4l2_format()
        request.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        request.fmt.pix.width = UInt32(width)
        request.fmt.pix.height = UInt32(height)
        request.fmt.pix.pixelformat = format.fourcc
        request.fmt.pix.field = V4L2_FIELD_NONE.rawValue
        try camera.control(CPeerCam_VIDIOC_S_FMT, "VIDIOC_S_FMT", &request)
        return request.fmt.pix
    }

    /// `VIDIOC_S_PARM` with the chosen interval when the driver lets the rate be set.
    /// Returns the rate the driver accepted, nil when it does not say.
    static func setInterval(_ camera: V4L2Device, _ interval: VideoFrameInterval) throws(VideoCaptureError) -> Double? {
        var parameters = v4l2_streamparm()
        parameters.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        do {
            try V4L2SystemCall.ioctl(camera.fileDescriptor, CPeerCam_VIDIOC_G_PARM, "VIDIOC_G_PARM", &parameters)
        } catch {
            // Drivers without streaming parameters run at their one fixed rate.
            if error.meansDisconnected { throw camera.classify(error) }
            return nil
        }
        if parameters.parm.capture.capability & UInt32(V4L2_CAP_TIMEPERFRAME) != 0 {
            parameters.parm.capture.timeperframe.numerator = interval.numerator
            parameters.parm.capture.timeperframe.denominator = interval.denominator
            try camera.control(CPeerCam_VIDIOC_S_PARM, "VIDIOC_S_PARM", &parameters)
        }
        let accepted = parameters.parm.capture.timeperframe
        guard accepted.numerator != 0, accepted.denominator != 0 else { return nil }
        return VideoFrameInterval(numerator: accepted.numerator, denominator: accepted.denominator).framesPerSecond
    }
}
