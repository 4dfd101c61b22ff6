/// One uncompressed picture in I420 (planar YUV 4:2:0: a full-size Y plane, then
/// quarter-size U and V planes), tightly packed in one buffer.
///
/// - Important: Producers reuse frames: they keep one `VideoFrame` and refill
///   its `storage` in place (`withMutablePlanes`). As long as no consumer keeps a
///   copy, Swift's copy-on-write means no allocation per frame.
public struct VideoFrame: Sendable {
    public let width: Int
    public let height: Int
    /// Y plane, then U, then V; `byteCount(width:height:)` bytes.
    public var storage: [UInt8]
    /// Capture time on the monotonic clock.
    public var timestamp: MediaTime
    /// Position in the source's sequence, counting from 0 with no gaps.
    public var sequenceNumber: UInt64

    /// A black frame (Y = 16, U = V = 128) of the given size; dimensions must be even.
    public init(width: Int, height: Int, timestamp: MediaTime = .zero, sequenceNumber: UInt64 = 0) {
        precondition(width > 0 && height > 0 && width % 2 == 0 && height % 2 == 0,
                     "I420 needs positive, even dimensions, got \(width)x\(height)")
        self.width = width
        self.height = height
        self.timestamp = timestamp
        self.sequenceNumber = sequenceNumber
        let luma = width * height
        storage = [UInt8](repeating: 16, count: luma) + [UInt8](repeating: 128, count: luma / 2)
    }

    public static func byteCount(width: Int, height: Int) -> Int { width * height * 3 / 2 }

    public var lumaByteCount: Int { width * height }
    public var chromaWidth: Int { width / 2 }
    public var chromaHeight: Int { height / 2 }
    public var chromaByteCount: Int { chromaWidth * chromaHeight }

    /// Offsets of the Y, U and V planes in `storage`.
    public var planeOffsets: (y: Int, u: Int, v: Int) { (0, lumaByteCount, lumaByteCount + chromaByteCount) }
}

extension VideoFrame {
    /// Calls `body` with pointers to the Y, U and V planes (strides: `width`, `chromaWidth`, `chromaWidth`).
    public mutating func withMutablePlanes<Result>(
        _ body: (_ y: UnsafeMutableBufferPointer<UInt8>, _ u: UnsafeMutableBufferPointer<UInt8>,
                 _ v: UnsafeMutableBufferPointer<UInt8>) throws -> Result
    ) rethrows -> Result {
        let luma = lumaByteCount, chroma = chromaByteCount
        return try storage.withUnsafeMutableBufferPointer { all in
            try body(UnsafeMutableBufferPointer(rebasing: all[0..<luma]),
                     UnsafeMutableBufferPointer(rebasing: all[luma..<luma + chroma]),
                     UnsafeMutableBufferPointer(rebasing: all[luma + chroma..<luma + 2 * chroma]))
        }
    }
}
