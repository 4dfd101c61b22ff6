#if canImport(Glibc)
import Glibc
#endif
import CV4L2

/// An open V4L2 capture node, through libv4l2 so that libv4lconvert can emulate I420
/// on cameras that only speak YUYV, MJPEG, RGB or Bayer.
///
/// Opening checks the node really is a streaming video-capture device, so every later
/// failure is about the device's state, not about having opened the wrong thing.
/// The descriptor closes when the value goes away.
final class V4L2Device {
    let path: String
    let fileDescriptor: Int32
    let driver: String
    let card: String
    let busInfo: String

    /// Opens `path` non-blocking (reads wait in poll(), never in the kernel).
    init(path: String) throws(VideoCaptureError) {
        self.path = path
        let descriptor: Int32
        do {
            descriptor = try V4L2SystemCall.retryingInterrupts("v4l2_open") {
                CPeerCam_v4l2_open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC)
            }
        } catch {
            switch error.errno {
            case ENOENT, ENOTDIR: throw .deviceMissing(path: path)
            case EACCES, EPERM: throw .permissionDenied(path: path)
            case EBUSY: throw .deviceBusy(path: path)
            case ENODEV, ENXIO: throw .deviceDisconnected(path: path, call: error.call)
            // libv4l2 asks VIDIOC_QUERYCAP inside v4l2_open and fails the open when it is not understood.
            case ENOTTY, EINVAL: throw .notAVideoDevice(path: path)
            default: throw .systemCall(error)
            }
        }
        var capability = v4l2_capability()
        do {
            try V4L2SystemCall.ioctl(descriptor, CPeerCam_VIDIOC_QUERYCAP, "VIDIOC_QUERYCAP", &capability)
        } catch {
            v4l2_close(descriptor)
            if error.meansDisconnected { throw .deviceDisconnected(path: path, call: error.call) }
            throw .notAVideoDevice(path: path)
        }
        // device_caps describes this node; capabilities describes the whole physical device.
        let capabilities = capability.capabilities & UInt32(V4L2_CAP_DEVICE_CAPS) != 0
            ? capability.device_caps : capability.capabilities
        let needed = UInt32(V4L2_CAP_VIDEO_CAPTURE) | UInt32(V4L2_CAP_STREAMING)
        guard capabilities & needed == needed else {
            v4l2_close(descriptor)
            throw .notACaptureDevice(path: path, capabilities: capabilities)
        }
        fileDescriptor = descriptor
        driver = Self.string(from: capability.driver)
        card = Self.string(from: capability.card)
        busInfo = Self.string(from: capability.bus_info)
    }

    deinit { v4l2_close(fileDescriptor) }

    /// `v4l2_ioctl` with the failure mapped onto the capture errors a caller acts on.
    func control<Argument>(_ request: UInt, _ name: String, _ argument: inout Argument) throws(VideoCaptureError) {
        do {
            try V4L2SystemCall.ioctl(fileDescriptor, request, name, &argument)
        } catch {
            throw classify(error)
        }
    }

    /// Maps errno onto the case a caller acts on: unplugged, busy, or a plain failure.
    func classify(_ failure: V4L2SystemCallFailure) -> VideoCaptureError {
        if failure.meansDisconnected { return .deviceDisconnected(path: path, call: failure.call) }
        if failure.errno == EBUSY { return .deviceBusy(path: path) }
        return .systemCall(failure)
    }

    /// A fixed-size C char array (a tuple in Swift) up to its first NUL.
    static func string<Tuple>(from tuple: Tuple) -> String {
        withUnsafeBytes(of: tuple) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
