/// Walks an H.264 Annex-B byte stream (ITU-T H.264 Annex B) and yields the byte range of
/// each NAL unit, without the start codes and without trailing zero bytes.
///
/// An iterator over a borrowed buffer, so scanning an access unit allocates nothing.
/// H.264 §7.4.1 forbids a NAL unit from ending in `0x00`, which is why trailing zeros
/// (the `zero_byte` of a four-byte start code, `trailing_zero_8bits`) are stripped.
public struct H264AnnexBScanner: Sequence, IteratorProtocol {
    private let bytes: UnsafeRawBufferPointer
    /// Index just after the start code of the NAL unit to yield next; `nil` when done.
    private var nalStart: Int?
    /// Index of the first start code, `nil` when the stream has none.
    public let firstStartCodeOffset: Int?

    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        let first = Self.startCode(in: bytes, from: 0)
        firstStartCodeOffset = first?.lowerBound
        nalStart = first?.upperBound
    }

    public mutating func next() -> Range<Int>? {
        while let start = nalStart {
            let following = Self.startCode(in: bytes, from: start)
            nalStart = following?.upperBound
            var end = following?.lowerBound ?? bytes.count
            while end > start && bytes[end - 1] == 0 { end -= 1 }
            if end > start { return start..<end }
        }
        return nil
    }

    /// The next `00 00 01` at or after `from`, as the range of the three start-code bytes.
    static func startCode(in bytes: UnsafeRawBufferPointer, from: Int) -> Range<Int>? {
        var index = from
        while index + 2 < bytes.count {
            let third = bytes[index + 2]
            if third > 1 {
                index += 3  // no start code can end at index+2 or straddle it
            } else if third == 1 && bytes[index] == 0 && bytes[index + 1] == 0 {
                return index..<index + 3
            } else {
                index += 1
            }
        }
        return nil
    }
}
