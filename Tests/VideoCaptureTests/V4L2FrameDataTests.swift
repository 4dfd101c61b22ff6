import Testing
import Media
@testable import VideoCapture

/// The pure pieces between a driver buffer and a delivered frame.
struct V4L2FrameDataTests {
    @Test("fourcc codes round-trip through their four letters", arguments: ["YUYV", "YU12", "MJPG", "H264", "NV12", "BA81"])
    func fourccRoundTrip(code: String) {
        let format = V4L2PixelFormat(code)
        #expect(format.code == code)
        #expect(V4L2PixelFormat(fourcc: format.fourcc) == format)
    }

    @Test("fourcc layout matches the kernel's v4l2_fourcc macro")
    func fourccLayout() {
        // v4l2_fourcc('Y','U','Y','V') = 'Y' | 'U' << 8 | 'Y' << 16 | 'V' << 24
        #expect(V4L2PixelFormat.yuyv.fourcc == 0x5659_5559)
        #expect(V4L2PixelFormat("Y10").code == "Y10 ")
        #expect(V4L2PixelFormat(fourcc: 0x0000_0001).code == "????")
    }

    @Test("IDR detection in Annex-B", arguments: [
        ([0, 0, 0, 1, 0x67, 0x42, 0, 0, 0, 1, 0x68, 0xce, 0, 0, 1, 0x65, 0x88], true),  // SPS, PPS, IDR (3-byte start code)
        ([0, 0, 0, 1, 0x41, 0x9a, 0x02], false),                                      // non-IDR slice
        ([0, 0, 1], false),                                                           // truncated
        ([0x65, 0x65, 0x65], false),                                                  // no start code at all
        ([], false),
    ] as [([UInt8], Bool)])
    func idrDetection(annexB: [UInt8], isIDR: Bool) {
        #expect(V4L2CaptureSession.containsIDR(annexB) == isIDR)
    }

    @Test("planes copy out of padded rows without the padding", arguments: [4, 6, 16])
    func stridedCopy(stride: Int) {
        let width = 4, rows = 3
        var source = [UInt8](repeating: 0xEE, count: stride * rows)
        for row in 0..<rows { for column in 0..<width { source[row * stride + column] = UInt8(row * 10 + column) } }
        var plane = [UInt8](repeating: 0, count: width * rows)
        source.withUnsafeBytes { raw in
            plane.withUnsafeMutableBufferPointer { destination in
                V4L2CaptureSession.copyPlane(from: raw.baseAddress!, stride: stride, to: destination, width: width, rows: rows)
            }
        }
        #expect(plane == [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23])
    }

    @Test("driver sequence gaps count as dropped frames", arguments: [
        (nil, 5, 0), (4, 5, 0), (4, 7, 2), (UInt32.max, 1, 1), (UInt32.max - 1, 2, 3), (9, 3, 0), (5, 5, 0),
    ] as [(UInt32?, UInt32, UInt64)])
    func driverSequenceGaps(last: UInt32?, sequence: UInt32, skipped: UInt64) {
        #expect(V4L2CaptureSession.skippedFrames(after: last, at: sequence) == skipped)
    }

    @Test("frame intervals convert to rates", arguments: [
        (VideoFrameInterval(numerator: 1, denominator: 30), 30.0),
        (VideoFrameInterval(numerator: 1001, denominator: 30000), 30000.0 / 1001.0),
        (VideoFrameInterval(numerator: 2, denominator: 15), 7.5),
        (VideoFrameInterval(numerator: 0, denominator: 30), 0.0),
    ])
    func intervalRates(interval: VideoFrameInterval, rate: Double) {
        #expect(interval.framesPerSecond == rate)
    }
}
