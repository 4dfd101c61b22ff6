import Testing
@testable import VideoCapture

/// Format choice is pure: these tables pin down the documented scoring in `VideoFormatScore`.
struct VideoFormatScoreTests {
    static func discrete(_ format: V4L2PixelFormat, _ sizes: [(Int, Int, [Double])]) -> VideoFormatDescription {
        VideoFormatDescription(pixelFormat: format, name: format.code, sizes: sizes.map { width, height, rates in
            VideoFrameSizeDescription(width: width, height: height,
                                      intervals: .discrete(rates.map { VideoFrameInterval(numerator: 1, denominator: UInt32($0)) }))
        })
    }

    /// A typical UVC webcam: YUYV up to 720p but only 10 fps there (USB 2 bandwidth), MJPEG at 30 fps everywhere.
    static let webcam = [
        discrete(.yuyv, [(640, 480, [30, 15]), (1280, 720, [10, 5]), (320, 240, [30])]),
        discrete(.mjpeg, [(640, 480, [30]), (1280, 720, [30, 15]), (1920, 1080, [30])]),
    ]
    /// A camera module with a hardware encoder (Raspberry Pi style).
    static let encodingCamera = [
        discrete(.yuv420, [(1280, 720, [30]), (640, 480, [30])]),
        discrete(.h264, [(1280, 720, [30]), (1920, 1080, [30])]),
    ]
    /// vivid's webcam input at 640x480: YUYV, YU12, NV12 and RGB3 at up to 25 fps.
    static let vivid = [
        discrete(.yuyv, [(640, 480, [25, 20, 15]), (1280, 720, [10, 5])]),
        discrete(.yuv420, [(640, 480, [25, 20, 15]), (1280, 720, [10, 5])]),
        discrete(.rgb24, [(640, 480, [25])]),
    ]

    static let cases: [(String, [VideoFormatDescription], VideoCaptureRequest, VideoCaptureMode?)] = [
        ("480p30 from a webcam: YUYV is native and cheaper than JPEG decoding", webcam,
         VideoCaptureRequest(width: 640, height: 480, framesPerSecond: 30),
         VideoCaptureMode(pixelFormat: .yuyv, width: 640, height: 480, interval: VideoFrameInterval(numerator: 1, denominator: 30))),
        ("720p30 from a webcam: YUYV only does 10 fps there, MJPEG wins", webcam,
         VideoCaptureRequest(width: 1280, height: 720, framesPerSecond: 30),
         VideoCaptureMode(pixelFormat: .mjpeg, width: 1280, height: 720, interval: VideoFrameInterval(numerator: 1, denominator: 30))),
        ("a size nobody offers: the nearest larger one beats the nearest smaller one", webcam,
         VideoCaptureRequest(width: 800, height: 600, framesPerSecond: 30, sourceFormats: [.mjpeg]),
         VideoCaptureMode(pixelFormat: .mjpeg, width: 1280, height: 720, interval: VideoFrameInterval(numerator: 1, denominator: 30))),
        ("pinned to YUYV: 720p at 10 fps is what it can do", webcam,
         VideoCaptureRequest(width: 1280, height: 720, framesPerSecond: 30, sourceFormats: [.yuyv]),
         VideoCaptureMode(pixelFormat: .yuyv, width: 1280, height: 720, interval: VideoFrameInterval(numerator: 1, denominator: 10))),
        ("H264 pass-through preferred and offered: take it", encodingCamera,
         VideoCaptureRequest(width: 1280, height: 720, framesPerSecond: 30, delivery: .h264PassThroughPreferred),
         VideoCaptureMode(pixelFormat: .h264, width: 1280, height: 720, interval: VideoFrameInterval(numerator: 1, denominator: 30))),
        ("I420 asked of an encoding camera: never H264, nothing here decodes it", encodingCamera,
         VideoCaptureRequest(width: 1920, height: 1080, framesPerSecond: 30),
         VideoCaptureMode(pixelFormat: .yuv420, width: 1280, height: 720, interval: VideoFrameInterval(numerator: 1, denominator: 30))),
        ("pass-through preferred but no H264: falls back to raw", webcam,
         VideoCaptureRequest(width: 640, height: 480, framesPerSecond: 30, delivery: .h264PassThroughPreferred),
         VideoCaptureMode(pixelFormat: .yuyv, width: 640, height: 480, interval: VideoFrameInterval(numerator: 1, denominator: 30))),
        ("vivid 480p: native I420 beats YUYV; 25 fps is its best", vivid,
         VideoCaptureRequest(width: 640, height: 480, framesPerSecond: 30),
         VideoCaptureMode(pixelFormat: .yuv420, width: 640, height: 480, interval: VideoFrameInterval(numerator: 1, denominator: 25))),
        ("vivid at 15 fps asked: the exact rate, not a faster one", vivid,
         VideoCaptureRequest(width: 640, height: 480, framesPerSecond: 15),
         VideoCaptureMode(pixelFormat: .yuv420, width: 640, height: 480, interval: VideoFrameInterval(numerator: 1, denominator: 15))),
        ("only formats libv4lconvert cannot convert: no mode", [discrete(V4L2PixelFormat("Y10 "), [(640, 480, [30])])],
         VideoCaptureRequest(width: 640, height: 480, framesPerSecond: 30), nil),
        ("NV21 only: libv4lconvert has no conversion from it (found on vivid in the VM test)",
         [discrete(.nv21, [(640, 480, [30])])],
         VideoCaptureRequest(width: 640, height: 480, framesPerSecond: 30), nil),
        ("pinned to a format the camera lacks: no mode", webcam,
         VideoCaptureRequest(width: 640, height: 480, framesPerSecond: 30, sourceFormats: [.nv12]), nil),
        ("odd sizes cannot be I420", [discrete(.yuyv, [(641, 481, [30])])],
         VideoCaptureRequest(width: 640, height: 480, framesPerSecond: 30), nil),
    ]

    @Test("best mode for a request", arguments: cases)
    func bestMode(_ name: String, _ formats: [VideoFormatDescription], _ request: VideoCaptureRequest,
                  _ expected: VideoCaptureMode?) {
        #expect(VideoFormatScore.bestMode(in: formats, for: request) == expected, "\(name)")
    }

    @Test("score components are the documented ones", arguments: [
        // (width, height, fps, format, expected score) for a 1280x720@30 I420 request
        (1280, 720, 30.0, V4L2PixelFormat.yuv420, 0.0),
        (1280, 720, 30.0, .yuyv, 5.0),
        (1280, 720, 30.0, .mjpeg, 20.0),
        (1280, 720, 15.0, .yuv420, 100.0),      // half the rate: 200 × 15/30
        (1280, 720, 60.0, .yuv420, 10.0),       // double the rate: 10 × 30/30
        (2560, 1440, 30.0, .yuv420, 200.0),     // four times the area: 100 × log2(4)
        (640, 360, 30.0, .yuv420, 400.0),       // a quarter of the area, smaller so doubled
    ])
    func scoreComponents(width: Int, height: Int, framesPerSecond: Double, format: V4L2PixelFormat, expected: Double) throws {
        let mode = VideoCaptureMode(pixelFormat: format, width: width, height: height,
                                    interval: VideoFrameInterval(framesPerSecond: framesPerSecond))
        let score = try #require(VideoFormatScore.score(mode, for: VideoCaptureRequest(width: 1280, height: 720, framesPerSecond: 30)))
        #expect(abs(score - expected) < 0.001)
    }

    @Test("a 4:3 mode pays for its aspect ratio against a 16:9 request of equal area")
    func aspectRatioPenalty() throws {
        let request = VideoCaptureRequest(width: 1280, height: 720, framesPerSecond: 30)
        let wide = VideoCaptureMode(pixelFormat: .yuv420, width: 1280, height: 720, interval: VideoFrameInterval(framesPerSecond: 30))
        let square = VideoCaptureMode(pixelFormat: .yuv420, width: 1108, height: 832, interval: VideoFrameInterval(framesPerSecond: 30))
        #expect(try #require(VideoFormatScore.score(square, for: request)) > 20 + (try #require(VideoFormatScore.score(wide, for: request))))
    }

    @Test("stepwise sizes snap to the driver's steps", arguments: [
        ((1280, 720), (1280, 720)),
        ((1283, 721), (1280, 720)),     // nearest multiple of 16 / 8
        ((5000, 5000), (1920, 1080)),   // clamped to the maximum
        ((10, 10), (160, 120)),         // clamped to the minimum
    ])
    func stepwiseSnapping(asked: (Int, Int), expected: (Int, Int)) {
        let range = VideoFrameSizeDescription(minimumWidth: 160, maximumWidth: 1920, widthStep: 16,
                                              minimumHeight: 120, maximumHeight: 1080, heightStep: 8,
                                              intervals: .discrete([VideoFrameInterval(framesPerSecond: 30)]))
        let size = range.nearestSize(width: asked.0, height: asked.1)
        #expect(size.width == expected.0 && size.height == expected.1)
    }

    @Test("nearest interval prefers the slowest rate at or above the one asked", arguments: [
        (20.0, 20.0), (24.0, 25.0), (30.0, 25.0), (5.0, 15.0),
    ])
    func nearestInterval(asked: Double, expected: Double) throws {
        let offered = VideoFrameIntervalRange.discrete([25, 20, 15].map { VideoFrameInterval(numerator: 1, denominator: $0) })
        #expect(try #require(offered.nearest(toFramesPerSecond: asked)).framesPerSecond == expected)
    }

    @Test("stepwise intervals clamp the asked rate into the range")
    func stepwiseInterval() throws {
        let range = VideoFrameIntervalRange.stepwise(shortest: VideoFrameInterval(numerator: 1, denominator: 60),
                                                     longest: VideoFrameInterval(numerator: 1, denominator: 1),
                                                     step: VideoFrameInterval(numerator: 1, denominator: 60))
        #expect(try #require(range.nearest(toFramesPerSecond: 29.97)).framesPerSecond == 29.97)
        #expect(try #require(range.nearest(toFramesPerSecond: 120)).framesPerSecond == 60)
    }
}
