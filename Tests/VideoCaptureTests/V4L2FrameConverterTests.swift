import Foundation
import Media
import Testing
@testable import VideoCapture

/// libv4lconvert's conversions, run on stored pictures through a converter bound to no
/// device. The formats vivid offers are converted on a real driver by
/// scripts/test-capture-vm; MJPEG (no kernel test driver has it) is covered here.
struct V4L2FrameConverterTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        return [UInt8](try Data(contentsOf: url))
    }

    static func convert(_ bytes: [UInt8], from format: V4L2PixelFormat, width: Int, height: Int, bytesPerLine: Int = 0,
                        into frame: inout VideoFrame) throws -> V4L2FrameConverter.Failure? {
        let converter = try V4L2FrameConverter(detachedFrom: format, width: width, height: height,
                                               bytesPerLine: bytesPerLine, byteCount: bytes.count)
        do {
            try bytes.withUnsafeBytes { try converter.convert($0, into: &frame) }
            return nil
        } catch let failure as V4L2FrameConverter.Failure {
            return failure
        }
    }

    @Test("an MJPEG picture decodes to the same I420 as an independent decoder (ffmpeg)")
    func mjpegMatchesFFmpeg() throws {
        let jpeg = try Self.fixture("testsrc-64x48.jpg")
        let reference = try Self.fixture("testsrc-64x48.ffmpeg.i420")
        var frame = VideoFrame(width: 64, height: 48)
        let failure = try Self.convert(jpeg, from: .mjpeg, width: 64, height: 48, into: &frame)
        #expect(failure == nil)
        #expect(frame.storage.count == reference.count)
        let offsets = frame.planeOffsets
        for (plane, range) in [("Y", 0..<offsets.u), ("U", offsets.u..<offsets.v), ("V", offsets.v..<reference.count)] {
            let difference = zip(frame.storage[range], reference[range]).map { abs(Int($0) - Int($1)) }
            let mean = Double(difference.reduce(0, +)) / Double(range.count)
            // Measured: under 0.03 on average, 1 at most; unrelated pictures differ by ~90.
            #expect(mean <= 1, "\(plane) plane differs from ffmpeg's decode by \(mean) on average")
            #expect(difference.max() ?? 0 <= 4, "\(plane) plane differs by up to \(difference.max() ?? 0)")
        }
    }

    @Test("a damaged JPEG is a damaged picture (skip it), not the end of the stream", arguments: [
        "garbled", "empty",
    ])
    func damagedJPEG(kind: String) throws {
        var jpeg = try Self.fixture("testsrc-64x48.jpg")
        if kind == "garbled" { for index in 200..<500 { jpeg[index] = 0x55 } } else { jpeg = [0xFF, 0xD8] }
        var frame = VideoFrame(width: 64, height: 48)
        let failure = try Self.convert(jpeg, from: .mjpeg, width: 64, height: 48, into: &frame)
        guard case .damagedPicture = failure else {
            Issue.record("expected damagedPicture, got \(String(describing: failure))")
            return
        }
    }

    @Test("a format libv4lconvert cannot read is unsupported, with its message")
    func unsupportedSource() throws {
        let nv21 = [UInt8](repeating: 128, count: 64 * 48 * 3 / 2)
        var frame = VideoFrame(width: 64, height: 48)
        let failure = try Self.convert(nv21, from: .nv21, width: 64, height: 48, bytesPerLine: 64, into: &frame)
        guard case .unsupported(let message) = failure else {
            Issue.record("expected unsupported, got \(String(describing: failure))")
            return
        }
        #expect(message.contains("Unknown src format"), "\(message)")
    }

    @Test("YUYV converts to I420: luma kept sample for sample, chroma taken per 2x2 block")
    func yuyv() throws {
        let width = 8, height = 4
        var yuyv: [UInt8] = []
        for row in 0..<height {
            for pair in 0..<width / 2 {
                // Y0 U Y1 V with luma counting up and chroma fixed per row pair.
                yuyv += [UInt8(row * 16 + pair * 2), UInt8(100 + row / 2), UInt8(row * 16 + pair * 2 + 1), UInt8(200 - row / 2)]
            }
        }
        var frame = VideoFrame(width: width, height: height)
        let failure = try Self.convert(yuyv, from: .yuyv, width: width, height: height, bytesPerLine: width * 2,
                                       into: &frame)
        #expect(failure == nil)
        let offsets = frame.planeOffsets
        #expect(Array(frame.storage[0..<offsets.u]) == (0..<height).flatMap { row in (0..<width).map { UInt8(row * 16 + $0) } })
        #expect(Array(frame.storage[offsets.u..<offsets.v]) == [100, 100, 100, 100, 101, 101, 101, 101])
        #expect(Array(frame.storage[offsets.v...]) == [200, 200, 200, 200, 199, 199, 199, 199])
    }
}

extension V4L2FrameConverter.Failure: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case (.damagedPicture, .damagedPicture): true
        case (.unsupported(let left), .unsupported(let right)): left == right
        default: false
        }
    }
}
