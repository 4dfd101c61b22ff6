/// How `TestPatternSource` writes a frame index into the luma plane and how
/// `TestPatternFrameIndexReader` finds it again after lossy coding.
///
/// 40 bits are drawn as a band of large black (Y = 16) or white (Y = 235) squares,
/// 20 columns by 2 rows, in the top-left corner: an 8-bit sync pattern, the frame index
/// (24 bits, most significant first) and a CRC-8 of the index. Squares are whole
/// macroblocks when the picture is at least 320 pixels wide (16 × 16 at 320, 32 × 32 at
/// 640, 64 × 64 at 1280), so H264 quantisation smears their edges but never flips the
/// mean of their inner half; sync and CRC turn any misread into "unreadable" instead
/// of a wrong number.
struct TestPatternFrameIndexCode: Sendable {
    static let columns = 20
    static let rows = 2
    static let bitCount = columns * rows
    static let indexBitCount = 24
    /// Indexes are stamped modulo this (2^24 frames: over six days at 30 fps).
    static let indexModulus: UInt64 = 1 << 24
    static let syncPattern: UInt64 = 0b1011_0010
    static let black: UInt8 = 16
    static let white: UInt8 = 235
    /// Inner-half means beyond these luma levels count as a clear 0 or 1; anything in
    /// between means the square was damaged and the reading is refused.
    static let clearlyBlackBelow = 90
    static let clearlyWhiteAbove = 160

    /// Side of one square, in pixels.
    let cellSize: Int

    /// Nil when the picture is too small to carry a readable code (under 160 × 16).
    init?(width: Int, height: Int) {
        let widest = width / Self.columns
        let size = widest >= 16 ? widest / 16 * 16 : widest / 2 * 2
        guard size >= 8, size * Self.rows <= height else { return nil }
        cellSize = size
    }

    /// The 40 bits to draw for `index`, first bit in the most significant position.
    static func bits(forIndex index: UInt64) -> UInt64 {
        let value = index % indexModulus
        return syncPattern << 32 | value << 8 | UInt64(crc8(of: value))
    }

    /// The index the bits carry, or nil when the sync pattern or CRC does not match.
    static func index(fromBits bits: UInt64) -> UInt32? {
        guard bits >> 32 & 0xFF == syncPattern else { return nil }
        let value = bits >> 8 & 0xFF_FFFF
        guard UInt8(truncatingIfNeeded: bits) == crc8(of: value) else { return nil }
        return UInt32(value)
    }

    /// Top-left corner of the square that carries bit `position` (0 = first).
    func origin(ofBit position: Int) -> (x: Int, y: Int) {
        (position % Self.columns * cellSize, position / Self.columns * cellSize)
    }

    /// CRC-8 (polynomial x^8 + x^2 + x + 1) of the index's three bytes.
    static func crc8(of value: UInt64) -> UInt8 {
        var crc: UInt8 = 0
        for shift in [16, 8, 0] {
            crc ^= UInt8(truncatingIfNeeded: value >> UInt64(shift))
            for _ in 0..<8 {
                crc = crc & 0x80 != 0 ? crc << 1 ^ 0x07 : crc << 1
            }
        }
        return crc
    }
}
