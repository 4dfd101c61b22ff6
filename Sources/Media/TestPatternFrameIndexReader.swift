/// Reads back the frame index that `TestPatternSource` stamped into a picture, after
/// the picture went through an encoder, a network and a decoder.
///
/// Tests and benchmarks compare the index with what they expected to see next to find
/// lost, duplicated, frozen or late frames without trusting any timestamp.
public struct TestPatternFrameIndexReader: Sendable {
    public init() {}

    /// The stamped index (modulo 2^24), or nil when the picture is too small, was not
    /// made by `TestPatternSource`, or is damaged where the code is drawn.
    public func frameIndex(in frame: VideoFrame) -> UInt32? {
        guard let code = TestPatternFrameIndexCode(width: frame.width, height: frame.height) else { return nil }
        let size = code.cellSize
        let inset = size / 4
        let inner = size - 2 * inset
        let width = frame.width
        return frame.storage.withUnsafeBufferPointer { luma -> UInt32? in
            var bits: UInt64 = 0
            for position in 0..<TestPatternFrameIndexCode.bitCount {
                let (left, top) = code.origin(ofBit: position)
                var sum = 0
                for row in (top + inset)..<(top + inset + inner) {
                    let start = row * width + left + inset
                    for column in start..<(start + inner) { sum += Int(luma[column]) }
                }
                let mean = sum / (inner * inner)
                if mean > TestPatternFrameIndexCode.clearlyWhiteAbove {
                    bits = bits << 1 | 1
                } else if mean < TestPatternFrameIndexCode.clearlyBlackBelow {
                    bits <<= 1
                } else {
                    return nil
                }
            }
            return TestPatternFrameIndexCode.index(fromBits: bits)
        }
    }
}
