import Media

/// A producer of I420 pictures at its own rate: the test pattern now, a V4L2 camera later.
///
/// A stream makes a new source each time it starts (`CameraStreamSources`) and drives it
/// from its own capture thread, so a source may block: a device read, a poll with a
/// timeout, a pacing sleep. It must come back within a few milliseconds once `stop` (given
/// to it when it was made) is raised.
public protocol VideoFrameSource {
    /// Width and height of every frame; the stream's encoder is configured for them.
    var width: Int { get }
    var height: Int { get }

    /// Waits for the next picture and writes it into `frame` (reused in place), with its
    /// capture timestamp and sequence number.
    /// - Returns: false when the stop signal was raised (no frame written).
    /// - Throws: when the device failed or is gone; the stream then ends with `cameraGone`.
    mutating func nextFrame(into frame: inout VideoFrame) throws -> Bool
}
