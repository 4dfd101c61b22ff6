/// Everything that can go wrong opening, negotiating or streaming a V4L2 camera.
///
/// Each case names the rule the device broke, so a camera agent can tell "plug a
/// camera in" from "someone else is using it" from "it was unplugged while we ran".
public enum VideoCaptureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing exists at the path (`open` said ENOENT).
    case deviceMissing(path: String)
    /// The device exists but this process may not open it.
    case permissionDenied(path: String)
    /// Another process streams from the device (EBUSY on format or buffer set-up).
    case deviceBusy(path: String)
    /// The path opened but does not answer `VIDIOC_QUERYCAP`: a plain file or another kind of device.
    case notAVideoDevice(path: String)
    /// A V4L2 node without video capture or without streaming I/O (an output, a metadata node, a codec).
    case notACaptureDevice(path: String, capabilities: UInt32)
    /// No format, size and rate the device lists can serve the request.
    case noUsableFormat(path: String)
    /// The device vanished while in use (ENODEV/ENXIO/EIO, or POLLERR from poll).
    case deviceDisconnected(path: String, call: String)
    /// poll() waited the whole timeout without a frame arriving.
    case noFrameWithin(milliseconds: Int)
    /// A filled buffer is shorter than the negotiated picture.
    case shortBuffer(expected: Int, received: Int)
    /// The session delivers another kind of frame (I420 vs. H264 pass-through) than was read.
    case wrongDeliveryKind(negotiated: String)
    /// libv4lconvert cannot turn the camera's format into I420.
    case conversionFailed(from: V4L2PixelFormat, message: String)
    /// The session was stopped with `stop()`; open a new one to capture again.
    case sessionStopped(path: String)
    /// A system call failed for a reason none of the cases above explains.
    case systemCall(V4L2SystemCallFailure)

    /// True when the session cannot deliver again and must be closed (and the device
    /// reopened, perhaps after it is plugged back in); false when the next read may work
    /// (a slow frame, one damaged buffer).
    public var endsStream: Bool {
        switch self {
        case .noFrameWithin, .shortBuffer: false
        default: true
        }
    }

    public var description: String {
        switch self {
        case .deviceMissing(let path): "no video device at \(path)"
        case .permissionDenied(let path): "permission denied opening \(path)"
        case .deviceBusy(let path): "\(path) is busy (another program is capturing)"
        case .notAVideoDevice(let path): "\(path) is not a V4L2 device"
        case .notACaptureDevice(let path, let capabilities):
            "\(path) cannot stream video capture (capabilities 0x\(String(capabilities, radix: 16)))"
        case .noUsableFormat(let path): "\(path) offers no format, size and rate that can be delivered"
        case .deviceDisconnected(let path, let call): "\(path) disconnected (\(call))"
        case .noFrameWithin(let milliseconds): "no frame within \(milliseconds) ms"
        case .shortBuffer(let expected, let received): "buffer holds \(received) bytes, picture needs \(expected)"
        case .wrongDeliveryKind(let negotiated): "session delivers \(negotiated) frames"
        case .sessionStopped(let path): "capture from \(path) was stopped"
        case .conversionFailed(let format, let message): "cannot convert \(format) to I420: \(message)"
        case .systemCall(let failure): failure.description
        }
    }
}
