import Media
import VideoCapture

/// A V4L2 camera as a `VideoFrameSource`: opened when the stream starts, closed when the
/// source is dropped (the last viewer left), read in short slices so a raised stop signal
/// is seen within 100 ms.
///
/// The device must deliver the stream's configured size: the encoder was set up for it,
/// and scaling is not this source's job. A camera that negotiated another size is refused
/// at open with `V4L2VideoSourceError.sizeMismatch`, naming both sizes, rather than
/// encoding garbage.
public final class V4L2VideoSource: VideoFrameSource {
    private let session: V4L2CaptureSession
    private let stop: CaptureStopSignal
    /// A silent device is declared gone after this long (a wedged USB camera).
    private let stallLimitMilliseconds: Int
    private static let pollSliceMilliseconds = 100

    public init(path: String, width: Int, height: Int, framesPerSecond: Int, stop: CaptureStopSignal,
                stallLimitMilliseconds: Int = 5000) throws {
        let session = try V4L2CaptureSession(
            path: path, request: VideoCaptureRequest(width: width, height: height, framesPerSecond: Double(framesPerSecond)))
        guard session.negotiated.width == width, session.negotiated.height == height else {
            session.stop()
            throw V4L2VideoSourceError.sizeMismatch(path: path, configured: "\(width)x\(height)",
                                                    negotiated: "\(session.negotiated.width)x\(session.negotiated.height)")
        }
        self.session = session
        self.stop = stop
        self.stallLimitMilliseconds = stallLimitMilliseconds
    }

    deinit { session.stop() }

    public var width: Int { session.negotiated.width }
    public var height: Int { session.negotiated.height }

    public func nextFrame(into frame: inout VideoFrame) throws -> Bool {
        var waitedMilliseconds = 0
        while !stop.isRaised {
            do {
                try session.read(into: &frame, timeout: .milliseconds(UInt64(Self.pollSliceMilliseconds)))
                return true
            } catch .noFrameWithin {
                waitedMilliseconds += Self.pollSliceMilliseconds
                if waitedMilliseconds >= stallLimitMilliseconds { throw VideoCaptureError.noFrameWithin(milliseconds: stallLimitMilliseconds) }
            }
        }
        return false
    }
}

/// Why a V4L2 device could not serve as the stream's source.
public enum V4L2VideoSourceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The device offers no mode of the configured size; set `video.size` to one it has
    /// (`camera-agent probe` lists them).
    case sizeMismatch(path: String, configured: String, negotiated: String)

    public var description: String {
        switch self {
        case .sizeMismatch(let path, let configured, let negotiated):
            "\(path) delivers \(negotiated), not the configured \(configured); pick a size it offers (camera-agent probe)"
        }
    }
}
