/// Writes I420 frames as a YUV4MPEG2 stream: the raw format `ffplay -`,
/// `ffmpeg -f yuv4mpegpipe` and GStreamer's `y4mdec` read from a pipe with no
/// other hints.
///
/// Header, one line: `YUV4MPEG2 W<width> H<height> F<num>:<den> Ip A<w>:<h> C420jpeg`.
/// - `Ip`: progressive; cameras and the H264 decoder deliver whole frames.
/// - `A1:1` by default: square pixels, which is what V4L2 webcams and OpenH264
///   produce; another pixel aspect ratio can be given.
/// - `C420jpeg`: 8-bit planar 4:2:0 in Y, U, V order — exactly `VideoFrame`'s
///   buffer, so each frame is written straight from its storage without a copy.
///   It is also the tag ffmpeg itself writes for `yuv420p`, so readers map it to
///   `yuv420p` without conversion (plain `C420` would mean the same samples with
///   MPEG-2 chroma siting; the difference is invisible at camera quality).
///
/// Each frame is `FRAME\n` followed by `width*height*3/2` bytes. Y4M has a
/// constant frame rate and no timestamps: every frame given is written once,
/// and the caller (who knows about gaps) repeats or drops frames to keep time.
///
/// To a FIFO or pipe: see `SinkDestination` for opening without a reader, and
/// `SinkOutputError.readerGone` for a reader that quits (`ffplay` closed).
public final class Y4MWriter {
    public let width: Int
    public let height: Int
    private let output: SinkOutputFile
    private static let frameMarker = Array("FRAME\n".utf8)
    public private(set) var framesWritten = 0

    /// Opens the destination and writes the stream header.
    /// - Parameters:
    ///   - frameRate: nominal rate as a fraction, e.g. `(30, 1)` or `(30000, 1001)`.
    ///   - pixelAspectRatio: width:height of one pixel (the `A` field).
    /// - Throws: `Y4MWriterError` for a size or rate that I420/Y4M cannot carry,
    ///   `SinkOutputError` for I/O.
    public init(destination: SinkDestination, width: Int, height: Int,
                frameRate: (numerator: Int, denominator: Int),
                pixelAspectRatio: (width: Int, height: Int) = (1, 1)) throws {
        guard width > 0, height > 0, width % 2 == 0, height % 2 == 0 else {
            throw Y4MWriterError.i420NeedsEvenDimensions(width: width, height: height)
        }
        guard frameRate.numerator > 0, frameRate.denominator > 0 else {
            throw Y4MWriterError.frameRateNotPositive(numerator: frameRate.numerator, denominator: frameRate.denominator)
        }
        guard pixelAspectRatio.width > 0, pixelAspectRatio.height > 0 else {
            throw Y4MWriterError.pixelAspectRatioNotPositive(width: pixelAspectRatio.width, height: pixelAspectRatio.height)
        }
        self.width = width
        self.height = height
        output = try SinkOutputFile(destination)
        let header = "YUV4MPEG2 W\(width) H\(height) F\(frameRate.numerator):\(frameRate.denominator) Ip A\(pixelAspectRatio.width):\(pixelAspectRatio.height) C420jpeg\n"
        try output.write(Array(header.utf8))
    }

    /// Writes one frame.
    /// - Throws: `Y4MWriterError.frameSizeChanged` if the frame does not match the
    ///   header (a Y4M stream cannot change size; open a new writer),
    ///   `SinkOutputError.readerGone` when the pipe's reader has gone.
    public func write(_ frame: VideoFrame) throws {
        guard frame.width == width, frame.height == height else {
            throw Y4MWriterError.frameSizeChanged(headerWidth: width, headerHeight: height,
                                                   frameWidth: frame.width, frameHeight: frame.height)
        }
        guard frame.storage.count == VideoFrame.byteCount(width: width, height: height) else {
            throw Y4MWriterError.storageSizeMismatch(expected: VideoFrame.byteCount(width: width, height: height),
                                                     got: frame.storage.count)
        }
        try output.write(Self.frameMarker)
        try output.write(frame.storage)
        framesWritten += 1
    }

    /// Closes the output (not stdout or a caller's descriptor). Nothing to patch: Y4M has no sizes.
    public func close() throws { try output.close() }
}

/// Rules of I420 and YUV4MPEG2 a frame or header broke.
public enum Y4MWriterError: Error, Sendable, Equatable {
    /// I420 subsamples chroma 2×2, so both dimensions must be even and positive.
    case i420NeedsEvenDimensions(width: Int, height: Int)
    /// The `F` header field is a positive fraction.
    case frameRateNotPositive(numerator: Int, denominator: Int)
    /// The `A` header field is a positive fraction.
    case pixelAspectRatioNotPositive(width: Int, height: Int)
    /// Y4M fixes the size in the stream header.
    case frameSizeChanged(headerWidth: Int, headerHeight: Int, frameWidth: Int, frameHeight: Int)
    /// The frame's buffer is not `width*height*3/2` bytes.
    case storageSizeMismatch(expected: Int, got: Int)
}
