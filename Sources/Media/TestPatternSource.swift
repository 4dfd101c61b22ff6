/// A synthetic camera: a moving I420 picture for `make demo`, tests and benchmarks
/// when no hardware exists, with its frame index stamped in a way that survives H264
/// (`TestPatternFrameIndexReader` reads it back).
///
/// The picture has a diagonal luma ramp that slides 4 pixels a frame, drifting chroma
/// ramps and a textured square bouncing around, so the encoder sees real motion to
/// search and residuals to code, like a camera, not a still image it can skip.
/// Frame `n` is stamped with `n` and timestamped `startTime + n / framesPerSecond`,
/// computed from the start each time so timestamps never drift.
public struct TestPatternSource: Sendable {
    public let width: Int
    public let height: Int
    public let framesPerSecond: Int
    public let startTime: MediaTime
    /// Index and sequence number of the next frame to come out.
    public private(set) var nextSequenceNumber: UInt64 = 0

    /// - Parameters:
    ///   - width: even; 160 or more for the index stamp to fit (720p and 480p are typical).
    ///   - startTime: timestamp of frame 0 on the monotonic clock.
    public init(width: Int, height: Int, framesPerSecond: Int, startTime: MediaTime = .now()) {
        precondition(framesPerSecond > 0, "a frame rate must be positive, got \(framesPerSecond)")
        precondition(width % 2 == 0 && height % 2 == 0 && width > 0 && height > 0,
                     "I420 needs positive, even dimensions, got \(width)x\(height)")
        self.width = width
        self.height = height
        self.framesPerSecond = framesPerSecond
        self.startTime = startTime
    }

    /// When frame `index` is due, on the monotonic clock.
    public func presentationTime(ofFrame index: UInt64) -> MediaTime {
        let seconds = index / UInt64(framesPerSecond)
        let remainder = index % UInt64(framesPerSecond)
        return startTime + MediaDuration(nanoseconds: seconds * 1_000_000_000
                                         + remainder * 1_000_000_000 / UInt64(framesPerSecond))
    }

    /// Draws the next frame into `frame` (reused in place; replaced only if its size
    /// differs) and stamps its timestamp and sequence number. Does not wait.
    public mutating func nextFrame(into frame: inout VideoFrame) {
        if frame.width != width || frame.height != height {
            frame = VideoFrame(width: width, height: height)
        }
        Self.render(frameIndex: nextSequenceNumber, into: &frame)
        frame.timestamp = presentationTime(ofFrame: nextSequenceNumber)
        frame.sequenceNumber = nextSequenceNumber
        nextSequenceNumber += 1
    }

    /// A newly allocated next frame; convenient in tests, `nextFrame(into:)` on hot paths.
    public mutating func nextFrame() -> VideoFrame {
        var frame = VideoFrame(width: width, height: height)
        nextFrame(into: &frame)
        return frame
    }

    /// Like `nextFrame(into:)`, but first sleeps until the frame is due, so the source
    /// paces itself like a camera. A caller that falls behind gets the late frames at
    /// once, still carrying their scheduled timestamps.
    public mutating func nextFrameWhenDue(into frame: inout VideoFrame) async throws {
        let due = presentationTime(ofFrame: nextSequenceNumber)
        let now = MediaTime.now()
        if due > now {
            try await Task.sleep(nanoseconds: due.since(now).nanoseconds)
        }
        nextFrame(into: &frame)
    }

    /// Draws the picture for frame `index` into `frame`, whatever its size.
    public static func render(frameIndex index: UInt64, into frame: inout VideoFrame) {
        let width = frame.width, height = frame.height
        let code = TestPatternFrameIndexCode(width: width, height: height)
        let bandHeight = code.map { $0.cellSize * TestPatternFrameIndexCode.rows } ?? 0
        let phase = Int(index % 256)
        frame.withMutablePlanes { y, u, v in
            drawLumaRamp(y, width: width, height: height, shift: phase * 4)
            drawBouncingSquare(y, width: width, height: height, top: bandHeight, index: Int(index % 1_000_000))
            drawChromaRamps(u, v, width: width / 2, height: height / 2, shift: phase)
            if let code { stamp(index: index, code: code, into: y, width: width) }
        }
    }

    /// A triangle wave over 0…255 mapped to legal luma (16…235): smooth, so the
    /// ramp itself is cheap to code and the motion is what costs bits.
    private static let lumaTriangle: [UInt8] = triangle(low: 16, high: 235)
    private static let chromaTriangle: [UInt8] = triangle(low: 88, high: 168)

    /// 256 steps rising from `low` to `high` and falling back.
    private static func triangle(low: Int, high: Int) -> [UInt8] {
        (0..<256).map { (step: Int) -> UInt8 in
            let rise: Int = step < 128 ? step : 255 - step
            return UInt8(low + rise * (high - low) / 127)
        }
    }

    private static func drawLumaRamp(_ y: UnsafeMutableBufferPointer<UInt8>, width: Int, height: Int, shift: Int) {
        lumaTriangle.withUnsafeBufferPointer { wave in
            for row in 0..<height {
                let rowStart = row * width
                let offset = row / 2 + shift
                for column in 0..<width {
                    y[rowStart + column] = wave[(column + offset) & 255]
                }
            }
        }
    }

    private static func drawChromaRamps(_ u: UnsafeMutableBufferPointer<UInt8>, _ v: UnsafeMutableBufferPointer<UInt8>,
                                        width: Int, height: Int, shift: Int) {
        chromaTriangle.withUnsafeBufferPointer { wave in
            for row in 0..<height {
                let rowStart = row * width
                let vValue = wave[(row + 2 * shift) & 255]
                for column in 0..<width {
                    u[rowStart + column] = wave[(column + shift) & 255]
                    v[rowStart + column] = vValue
                }
            }
        }
    }

    /// A checkered square a quarter of the picture high, moving (7, 5) pixels a
    /// frame and bouncing off the edges, kept below the index band.
    private static func drawBouncingSquare(_ y: UnsafeMutableBufferPointer<UInt8>, width: Int, height: Int,
                                           top: Int, index: Int) {
        let side = min(height / 4, width / 4) / 2 * 2
        guard side >= 8, height - top > side else { return }
        let left = bounce(index * 7, span: width - side)
        let upper = top + bounce(index * 5, span: height - top - side)
        for row in 0..<side {
            let rowStart = (upper + row) * width + left
            for column in 0..<side {
                y[rowStart + column] = (row / 8 + column / 8) % 2 == 0 ? 200 : 60
            }
        }
    }

    /// Position of something moving `distance` pixels back and forth over `span`.
    private static func bounce(_ distance: Int, span: Int) -> Int {
        guard span > 0 else { return 0 }
        let folded = distance % (2 * span)
        return folded < span ? folded : 2 * span - folded
    }

    private static func stamp(index: UInt64, code: TestPatternFrameIndexCode,
                              into y: UnsafeMutableBufferPointer<UInt8>, width: Int) {
        let bits = TestPatternFrameIndexCode.bits(forIndex: index)
        let count = TestPatternFrameIndexCode.bitCount
        for position in 0..<count {
            let isOne = bits >> UInt64(count - 1 - position) & 1 == 1
            let value = isOne ? TestPatternFrameIndexCode.white : TestPatternFrameIndexCode.black
            let (left, top) = code.origin(ofBit: position)
            for row in top..<(top + code.cellSize) {
                let start = row * width + left
                y[start..<(start + code.cellSize)].update(repeating: value)
            }
        }
    }
}
