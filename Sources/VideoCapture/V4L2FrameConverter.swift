#if canImport(Glibc)
import Glibc
#endif
import CV4L2
import Media

/// Converts a camera's native pictures (YUYV, MJPEG, RGB, Bayer…) to I420 with
/// libv4lconvert, writing straight into the caller's reused `VideoFrame`.
final class V4L2FrameConverter {
    /// Why a picture did not convert.
    enum Failure: Error {
        /// This picture is damaged (a truncated or corrupt JPEG): skip it, the next may be fine.
        case damagedPicture
        /// libv4lconvert cannot do this conversion at all.
        case unsupported(message: String)
    }

    let sourceFormat: V4L2PixelFormat
    private let library: OpaquePointer
    private var source: v4l2_format
    private var destination: v4l2_format

    /// - Parameter source: the format the device streams, as `VIDIOC_S_FMT` returned it.
    convenience init(fileDescriptor: Int32, source: v4l2_pix_format) throws(VideoCaptureError) {
        guard let library = v4lconvert_create(fileDescriptor) else {
            throw .systemCall(V4L2SystemCallFailure(call: "v4lconvert_create", errno: errno))
        }
        self.init(library: library, source: source)
    }

    /// A converter bound to no device, for pictures that were stored rather than
    /// captured (the tests' JPEG fixtures). `bytesPerLine` 0 means tightly packed.
    convenience init(detachedFrom format: V4L2PixelFormat, width: Int, height: Int, bytesPerLine: Int = 0,
                     byteCount: Int) throws(VideoCaptureError) {
        guard let library = CPeerCam_v4lconvert_create_detached() else {
            throw .systemCall(V4L2SystemCallFailure(call: "v4lconvert_create_with_dev_ops", errno: errno))
        }
        var source = v4l2_pix_format()
        source.width = UInt32(width)
        source.height = UInt32(height)
        source.pixelformat = format.fourcc
        source.field = V4L2_FIELD_NONE.rawValue
        source.bytesperline = UInt32(bytesPerLine)
        source.sizeimage = UInt32(byteCount)
        self.init(library: library, source: source)
    }

    private init(library: OpaquePointer, source: v4l2_pix_format) {
        self.library = library
        sourceFormat = V4L2PixelFormat(fourcc: source.pixelformat)
        self.source = v4l2_format()
        self.source.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        self.source.fmt.pix = source
        // Tightly packed I420: exactly `VideoFrame`'s layout.
        destination = v4l2_format()
        destination.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        destination.fmt.pix.width = source.width
        destination.fmt.pix.height = source.height
        destination.fmt.pix.pixelformat = V4L2PixelFormat.yuv420.fourcc
        destination.fmt.pix.field = V4L2_FIELD_NONE.rawValue
        destination.fmt.pix.bytesperline = source.width
        destination.fmt.pix.sizeimage = UInt32(VideoFrame.byteCount(width: Int(source.width), height: Int(source.height)))
    }

    deinit { v4lconvert_destroy(library) }

    /// Converts one picture of `bytes` into `frame` (which has the source's size).
    func convert(_ bytes: UnsafeRawBufferPointer, into frame: inout VideoFrame) throws(Failure) {
        guard let input = bytes.baseAddress else { throw .damagedPicture }
        let written = frame.storage.withUnsafeMutableBufferPointer { output -> Int32 in
            guard let target = output.baseAddress else { return -1 }
            return v4lconvert_convert(library, &source, &destination,
                                      UnsafeMutablePointer(mutating: input.assumingMemoryBound(to: UInt8.self)),
                                      Int32(clamping: bytes.count), target, Int32(clamping: output.count))
        }
        guard written < 0 else { return }
        // libv4lconvert reports a damaged picture (bad JPEG data, a short frame) as EAGAIN or EPIPE.
        if errno == EAGAIN || errno == EPIPE { throw .damagedPicture }
        throw .unsupported(message: String(cString: v4lconvert_get_error_message(library)))
    }
}
