import Media
import Testing
import TestSupport

@Suite("Test pattern source and frame index reader")
struct TestPatternTests {
    @Test("the stamped index reads back exactly from uncompressed pictures",
          arguments: [(1280, 720), (640, 480), (320, 240), (176, 144)],
          [0, 1, 2, 255, 65_537, 12_345_678, 16_777_215])
    func readBack(size: (Int, Int), index: UInt64) {
        var frame = VideoFrame(width: size.0, height: size.1)
        TestPatternSource.render(frameIndex: index, into: &frame)
        #expect(TestPatternFrameIndexReader().frameIndex(in: frame) == UInt32(index))
    }

    @Test("indexes wrap modulo 2^24")
    func wraps() {
        var frame = VideoFrame(width: 640, height: 480)
        TestPatternSource.render(frameIndex: (1 << 24) + 5, into: &frame)
        #expect(TestPatternFrameIndexReader().frameIndex(in: frame) == 5)
    }

    @Test("frames carry consecutive sequence numbers and timestamps start + n/fps without drift")
    func timing() {
        let start = MediaTime(nanoseconds: 42_000_000_000)
        var source = TestPatternSource(width: 320, height: 240, framesPerSecond: 30, startTime: start)
        var frame = VideoFrame(width: 320, height: 240)
        for index in 0..<61 {
            source.nextFrame(into: &frame)
            #expect(frame.sequenceNumber == UInt64(index))
            #expect(frame.timestamp == start + MediaDuration(nanoseconds: UInt64(index) * 1_000_000_000 / 30))
        }
        #expect(source.presentationTime(ofFrame: 30_000) == start + .seconds(1_000))
    }

    @Test("the picture moves from frame to frame outside the index band")
    func moves() {
        var source = TestPatternSource(width: 640, height: 480, framesPerSecond: 30, startTime: .zero)
        let first = source.nextFrame()
        let second = source.nextFrame()
        let band = 640 * 64
        #expect(first.storage[band..<first.lumaByteCount] != second.storage[band..<second.lumaByteCount])
        #expect(first.storage[first.lumaByteCount...] != second.storage[second.lumaByteCount...], "chroma moves too")
    }

    @Test("a picture without a stamp, with a flipped square or with a grey square is unreadable")
    func unreadable() {
        let reader = TestPatternFrameIndexReader()
        #expect(reader.frameIndex(in: VideoFrame(width: 640, height: 480)) == nil, "black picture")
        #expect(reader.frameIndex(in: VideoFrame(width: 32, height: 32)) == nil, "too small for a stamp")
        var frame = VideoFrame(width: 640, height: 480)
        TestPatternSource.render(frameIndex: 1000, into: &frame)
        let cell = 32
        for (bit, value) in [(20, UInt8(235)), (21, UInt8(16)), (33, UInt8(128))] {
            var damaged = frame
            // Repaint the square of one bit (row 1, column bit - 20).
            let left = (bit % 20) * cell, top = (bit / 20) * cell
            for row in top..<(top + cell) {
                for column in left..<(left + cell) { damaged.storage[row * 640 + column] = value }
            }
            if damaged.storage == frame.storage { continue }
            #expect(reader.frameIndex(in: damaged) == nil, "bit \(bit) repainted to \(value)")
        }
    }

    @Test("random pictures, grey noise or random black/white squares, never read as an index", arguments: [1, 2, 3])
    func randomPicturesAreUnreadable(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let reader = TestPatternFrameIndexReader()
        var frame = VideoFrame(width: 640, height: 480)
        for _ in 0..<3 {
            frame.withMutablePlanes { luma, _, _ in
                for index in luma.indices { luma[index] = UInt8.random(in: 0...255, using: &generator) }
            }
            #expect(reader.frameIndex(in: frame) == nil)
        }
        for _ in 0..<200 {
            // Squares on the code's own grid, so every one reads as a clear bit: only
            // the sync pattern and CRC stand between noise and a wrong index.
            frame.withMutablePlanes { luma, _, _ in
                for bit in 0..<40 {
                    let value: UInt8 = Bool.random(using: &generator) ? 235 : 16
                    for row in (bit / 20 * 32)..<(bit / 20 * 32 + 32) {
                        let start = row * 640 + bit % 20 * 32
                        luma[start..<(start + 32)].update(repeating: value)
                    }
                }
            }
            #expect(reader.frameIndex(in: frame) == nil)
        }
    }

    @Test("nextFrame(into:) replaces a frame of the wrong size instead of writing past it")
    func wrongSizedFrameReplaced() {
        var source = TestPatternSource(width: 320, height: 240, framesPerSecond: 30, startTime: .zero)
        var frame = VideoFrame(width: 64, height: 64)
        source.nextFrame(into: &frame)
        #expect(frame.width == 320 && frame.height == 240)
        #expect(TestPatternFrameIndexReader().frameIndex(in: frame) == 0)
    }

    @Test("nextFrameWhenDue waits until each frame is due on the monotonic clock")
    func pacing() async throws {
        let start = MediaTime.now()
        var source = TestPatternSource(width: 320, height: 240, framesPerSecond: 50, startTime: start)
        var frame = VideoFrame(width: 320, height: 240)
        for _ in 0..<6 { try await source.nextFrameWhenDue(into: &frame) }
        #expect(MediaTime.now() >= source.presentationTime(ofFrame: 5))
        #expect(frame.sequenceNumber == 5)
    }
}
