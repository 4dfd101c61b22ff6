import Media
import VideoCapture

/// Captures from a camera and checks what came out: the count, gap-free sequence
/// numbers, rising timestamps, and a picture that is not blank.
enum VideoCheck {
    struct Outcome {
        var negotiated: NegotiatedVideoFormat
        var frames: Int
        var framesPerSecond: Double
        var distinctLumaValues: Int
        var statistics: VideoCaptureStatistics
        /// Times the frame's storage moved: 0 when the session reuses it as documented.
        var reallocations: Int
    }

    static func run(_ options: CaptureCheckOptions, sourceFormat: String) throws -> Outcome {
        let request = VideoCaptureRequest(
            width: options.width, height: options.height, framesPerSecond: options.framesPerSecond,
            sourceFormats: sourceFormat == "any" ? nil : [V4L2PixelFormat(sourceFormat)])
        let camera = try V4L2CaptureSession(path: options.videoDevice, request: request)
        var frame = camera.makeFrame()
        var first = MediaTime.zero, previous = MediaTime.zero
        var storage = frame.storage.withUnsafeBufferPointer { $0.baseAddress }
        var reallocations = 0
        for index in 0..<options.frames {
            try camera.read(into: &frame, timeout: .milliseconds(3000))
            let address = frame.storage.withUnsafeBufferPointer { $0.baseAddress }
            if address != storage { reallocations += 1; storage = address }
            guard frame.sequenceNumber == UInt64(index) else {
                throw CaptureCheckFailure("frame \(index) has sequence number \(frame.sequenceNumber)")
            }
            guard index == 0 || frame.timestamp > previous else {
                throw CaptureCheckFailure("frame \(index) timestamp \(frame.timestamp) not after \(previous)")
            }
            if index == 0 { first = frame.timestamp }
            previous = frame.timestamp
        }
        let span = previous.since(first).seconds
        var seen = [Bool](repeating: false, count: 256)
        for value in frame.storage[0..<frame.lumaByteCount] { seen[Int(value)] = true }
        return Outcome(negotiated: camera.negotiated, frames: options.frames,
                       framesPerSecond: span > 0 ? Double(options.frames - 1) / span : 0,
                       distinctLumaValues: seen.filter { $0 }.count, statistics: camera.statistics,
                       reallocations: reallocations)
    }

    /// Reads until the device fails (the test unbinds the driver meanwhile) and reports how,
    /// and whether a read after that fails again at once instead of waiting.
    static func untilUnplugged(_ options: CaptureCheckOptions) -> String {
        let start = MediaTime.now()
        let camera: V4L2CaptureSession
        do {
            camera = try V4L2CaptureSession(
                path: options.videoDevice,
                request: VideoCaptureRequest(width: options.width, height: options.height, framesPerSecond: options.framesPerSecond))
        } catch {
            return "UNPLUG_RESULT kind=video outcome=open-failed error=\"\(error)\""
        }
        var frame = camera.makeFrame()
        var frames = 0
        print("UNPLUG_READY video")
        do {
            while MediaTime.now().since(start).seconds < 20 {
                try camera.read(into: &frame, timeout: .milliseconds(2000))
                frames += 1
            }
            return "UNPLUG_RESULT kind=video outcome=still-streaming frames=\(frames)"
        } catch {
            let seconds = MediaTime.now().since(start).seconds
            let retried = MediaTime.now()
            var again = "none"
            do { try camera.read(into: &frame, timeout: .milliseconds(2000)) } catch { again = caseName(error) }
            let retryMilliseconds = MediaTime.now().since(retried).nanoseconds / 1_000_000
            return "UNPLUG_RESULT kind=video outcome=\(caseName(error)) frames=\(frames) after=\(seconds)"
                + " again=\(again) again_ms=\(retryMilliseconds) error=\"\(error)\""
        }
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
