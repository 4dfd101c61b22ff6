#if canImport(Glibc)
import Glibc
#endif
import Media
import VideoCapture

/// Captures from a camera and checks what came out: the count, gap-free sequence
/// numbers, rising timestamps, and a picture that is not blank.
enum VideoCheck {
    struct Outcome {
        var negotiated: NegotiatedVideoFormat
        var frames: Int
        /// Rate of delivered frames, and of frames the driver produced (delivered + dropped).
        var framesPerSecond: Double
        var driverFramesPerSecond: Double
        var distinctLumaValues: Int
        /// Mean Y, U and V of the last frame: the same test pattern must look the same
        /// whichever native format it was converted from.
        var planeMeans: (y: Double, u: Double, v: Double)
        var statistics: VideoCaptureStatistics
        /// Times the frame's storage moved: 0 when the session reuses it as documented.
        var reallocations: Int
        /// Frames the driver dropped while the reader stalled for a second.
        var stallDropped: UInt64
    }

    static func run(_ options: CaptureCheckOptions, sourceFormat: String) throws -> Outcome {
        let request = VideoCaptureRequest(
            width: options.width, height: options.height, framesPerSecond: options.framesPerSecond,
            sourceFormats: sourceFormat == "any" ? nil : [V4L2PixelFormat(sourceFormat)])
        let camera = try V4L2CaptureSession(path: options.videoDevice, request: request)
        var frame = camera.makeFrame()
        var first = MediaTime.zero, previous = MediaTime.zero
        var storage = StorageMoveCounter(frame.storage)
        for index in 0..<options.frames {
            try camera.read(into: &frame, timeout: .milliseconds(3000))
            storage.note(frame.storage)
            try requireSequence(frame.sequenceNumber, index, "frame")
            guard index == 0 || frame.timestamp > previous else {
                throw CaptureCheckFailure("frame \(index) timestamp \(frame.timestamp) not after \(previous)")
            }
            if index == 0 { first = frame.timestamp }
            previous = frame.timestamp
        }
        let span = previous.since(first).seconds
        // Frames the driver produced, delivered or dropped (a starved VM drops some).
        let produced = Double(options.frames - 1) + Double(camera.statistics.driverDroppedFrames)
        // Stall for a second with every buffer full: the driver must drop frames, the
        // session must count them and keep its own sequence gap-free.
        // Once is enough: the native run stalls, the conversion runs do not.
        let droppedBefore = camera.statistics.driverDroppedFrames
        let stall = sourceFormat == "any"
        if stall { usleep(1_000_000) }
        for index in options.frames..<options.frames + (stall ? 5 : 0) {
            try camera.read(into: &frame, timeout: .milliseconds(3000))
            try requireSequence(frame.sequenceNumber, index, "frame after the stall")
        }
        let stallDropped = camera.statistics.driverDroppedFrames - droppedBefore
        var seen = [Bool](repeating: false, count: 256)
        for value in frame.storage[0..<frame.lumaByteCount] { seen[Int(value)] = true }
        let offsets = frame.planeOffsets
        func mean(_ range: Range<Int>) -> Double {
            Double(frame.storage[range].reduce(0) { $0 + Int($1) }) / Double(range.count)
        }
        return Outcome(negotiated: camera.negotiated, frames: options.frames,
                       framesPerSecond: span > 0 ? Double(options.frames - 1) / span : 0,
                       driverFramesPerSecond: span > 0 ? produced / span : 0,
                       distinctLumaValues: seen.filter { $0 }.count,
                       planeMeans: (mean(0..<offsets.u), mean(offsets.u..<offsets.v), mean(offsets.v..<frame.storage.count)),
                       statistics: camera.statistics,
                       reallocations: storage.moves, stallDropped: stallDropped)
    }

    /// Reads until the device fails (the test unbinds the driver meanwhile); see `UnplugCheck`.
    static func untilUnplugged(_ options: CaptureCheckOptions) -> String {
        UnplugCheck.run(kind: "video", open: {
            let camera = try V4L2CaptureSession(
                path: options.videoDevice,
                request: VideoCaptureRequest(width: options.width, height: options.height, framesPerSecond: options.framesPerSecond))
            var frame = camera.makeFrame()
            return { try camera.read(into: &frame, timeout: .milliseconds(2000)) }
        }, outcome: caseName)
    }

    static func caseName(_ error: any Error) -> String {
        guard let error = error as? VideoCaptureError else { return "other" }
        return switch error {
        case .deviceDisconnected: "deviceDisconnected"
        case .noFrameWithin: "noFrameWithin"
        default: "other"
        }
    }
}

extension VideoCheck {
    /// The timeout path: at 1 fps a 100 ms read must give up with `.noFrameWithin`
    /// after about 100 ms, and the session must still deliver on the next read; after
    /// `stop()` reads fail with `.sessionStopped`.
    static func timeout(_ options: CaptureCheckOptions) -> String {
        do {
            let camera = try V4L2CaptureSession(path: options.videoDevice, request: VideoCaptureRequest(
                width: 320, height: 180, framesPerSecond: 1))
            var frame = camera.makeFrame()
            try camera.read(into: &frame, timeout: .milliseconds(3000))
            let started = MediaTime.now()
            var outcome = "delivered"
            do { try camera.read(into: &frame, timeout: .milliseconds(100)) } catch { outcome = caseName(error) }
            let waited = MediaTime.now().since(started).nanoseconds / 1_000_000
            try camera.read(into: &frame, timeout: .milliseconds(3000))
            camera.stop()
            var afterStop = "delivered"
            do { try camera.read(into: &frame, timeout: .milliseconds(3000)) } catch .sessionStopped { afterStop = "sessionStopped" }
            return "TIMEOUT_RESULT outcome=\(outcome) waited_ms=\(waited) fps=\(camera.negotiated.framesPerSecond)"
                + " next_read=ok sequence=\(frame.sequenceNumber) after_stop=\(afterStop)"
        } catch {
            return "TIMEOUT_RESULT outcome=failed error=\"\(error)\"".replacingSpaces
        }
    }
}
