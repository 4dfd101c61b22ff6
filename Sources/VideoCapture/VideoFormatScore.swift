#if canImport(Glibc)
import Glibc
#endif

/// How far a device mode is from a request: lower is better, and the lowest wins.
///
/// The score is a sum of penalties, each in "points" so they can be weighed against
/// each other:
/// - **size**: `100 × |log2(offered area / asked area)|` — a size twice as large or
///   half as large costs 100 — doubled when the offer is *smaller* than asked (detail
///   that was never captured cannot be scaled back in), plus `50 × |log2(aspect ratio
///   offered / asked)|` so a 4:3 mode does not win a 16:9 request on area alone;
/// - **rate**: `200 × shortfall / asked` when the fastest rate offered is below the
///   asked one (a camera at 15 fps when 30 was asked costs 100), `10 × excess / asked`
///   when the nearest offered rate is above it (more frames only cost CPU);
/// - **format**: `V4L2PixelFormat.conversionCostToI420` for raw delivery; for H264
///   pass-through the camera's H264 costs 0 and every raw format 1000 more, so any H264
///   mode beats any raw one but raw still works when no H264 exists.
/// Modes that cannot deliver at all score nil: formats libv4lconvert cannot turn into
/// I420, H264 when I420 was asked (nothing here decodes it), odd sizes (I420 needs even
/// ones), formats outside `request.sourceFormats` when it is set.
public enum VideoFormatScore {
    /// The score of one mode, or nil when it cannot serve the request.
    public static func score(_ mode: VideoCaptureMode, for request: VideoCaptureRequest) -> Double? {
        guard mode.width > 0, mode.height > 0, mode.width % 2 == 0, mode.height % 2 == 0 else { return nil }
        if let allowed = request.sourceFormats, !allowed.contains(mode.pixelFormat) { return nil }
        guard let formatCost = formatCost(mode.pixelFormat, request.delivery) else { return nil }
        return sizePenalty(width: mode.width, height: mode.height, request)
            + ratePenalty(offered: mode.interval.framesPerSecond, asked: request.framesPerSecond)
            + formatCost
    }

    /// The best mode among everything `formats` offers, or nil when none can serve.
    /// Ties go to the mode listed first, so the choice is stable.
    public static func bestMode(in formats: [VideoFormatDescription], for request: VideoCaptureRequest) -> VideoCaptureMode? {
        var best: (mode: VideoCaptureMode, score: Double)?
        for mode in candidateModes(in: formats, for: request) {
            guard let score = score(mode, for: request) else { continue }
            if let current = best, current.score <= score { continue }
            best = (mode, score)
        }
        return best?.mode
    }

    /// One candidate per offered size (the nearest point of a stepwise range), at the
    /// interval nearest the asked rate.
    static func candidateModes(in formats: [VideoFormatDescription], for request: VideoCaptureRequest) -> [VideoCaptureMode] {
        formats.flatMap { format in
            format.sizes.compactMap { size -> VideoCaptureMode? in
                let (width, height) = size.nearestSize(width: request.width, height: request.height)
                guard let interval = size.intervals.nearest(toFramesPerSecond: request.framesPerSecond) else { return nil }
                return VideoCaptureMode(pixelFormat: format.pixelFormat, width: width, height: height, interval: interval)
            }
        }
    }

    static func formatCost(_ format: V4L2PixelFormat, _ delivery: VideoCaptureRequest.Delivery) -> Double? {
        switch (delivery, format) {
        case (.h264PassThroughPreferred, .h264): 0
        case (.i420, .h264): nil
        case (.h264PassThroughPreferred, _): format.conversionCostToI420.map { $0 + 1000 }
        case (.i420, _): format.conversionCostToI420
        }
    }

    static func sizePenalty(width: Int, height: Int, _ request: VideoCaptureRequest) -> Double {
        let askedArea = Double(max(request.width, 1) * max(request.height, 1))
        let areaRatio = Double(width * height) / askedArea
        var penalty = 100 * abs(log2(areaRatio))
        if areaRatio < 1 { penalty *= 2 }
        let askedAspect = Double(max(request.width, 1)) / Double(max(request.height, 1))
        let aspect = Double(width) / Double(height)
        return penalty + 50 * abs(log2(aspect / askedAspect))
    }

    static func ratePenalty(offered: Double, asked: Double) -> Double {
        guard asked > 0 else { return 0 }
        return offered < asked ? 200 * (asked - offered) / asked : 10 * (offered - asked) / asked
    }
}
