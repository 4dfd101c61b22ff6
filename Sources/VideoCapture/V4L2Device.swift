#if canImport(Glibc)
import Glibc
#endif
import CV4L2

/// An open V4L2 capture node, registered with libv4l2 (all ioctls and mmap go through it).
///
/// libv4l2's own format emulation is switched off (`V4L2_DISABLE_CONVERSION`): the
/// session sets the native format its scoring chose and converts with libv4lconvert
/// itself (`V4L2FrameConverter`), straight into the caller's frame. That way the
/// format that streams is the one that was chosen, and a converted frame is written
/// once instead of being converted into libv4l2's buffer and then copied.
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
        let opened: Int32
        do {
            opened = try V4L2SystemCall.retryingInterrupts("open") { open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC) }
        } catch {
            switch error.errno {
            case ENOENT, ENOTDIR: throw .deviceMissing(path: path)
            case EACCES, EPERM: throw .permissionDenied(path: path)
            case EBUSY: throw .deviceBusy(path: path)
            case ENODEV, ENXIO: throw .deviceDisconnected(path: path, call: error.call)
            default: throw .systemCall(error)
            }
        }
        // libv4l2 asks VIDIOC_QUERYCAP while registering and refuses what does not answer.
        let descriptor = v4l2_fd_open(opened, Int32(V4L2_DISABLE_CONVERSION))
        guard descriptor != -1 else {
            let failure = V4L2SystemCallFailure(call: "v4l2_fd_open", errno: errno)
            close(opened)
            if failure.meansDisconnected { throw .deviceDisconnected(path: path, call: failure.call) }
            throw .notAVideoDevice(path: path)
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
