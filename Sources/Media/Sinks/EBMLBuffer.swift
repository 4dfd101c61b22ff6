/// Bytes being built in EBML, the binary format under Matroska (RFC 8794):
/// each element is an ID, a variable-length size (RFC 8794 §4) and data.
///
/// Master elements small enough to build in memory (headers, Tracks, Cues) are
/// assembled here and written with one write(2); SimpleBlocks are appended in
/// place into a reused cluster buffer, so the per-frame path does not allocate.
struct EBMLBuffer {
    var bytes: [UInt8] = []

    /// RFC 8794 §6.2: an all-ones 8-byte size means "unknown", used for a
    /// Segment still being written.
    static let unknownSize: [UInt8] = [0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]

    init(reservingCapacity capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// An element ID as stored (the marker bits are part of Matroska's IDs), 1–4 bytes.
    mutating func appendID(_ id: UInt32) {
        let width = id > 0xFF_FFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1
        appendBigEndian(UInt64(id), width: width)
    }

    /// RFC 8794 §4: a VINT with `width` octets carries 7×width bits; the all-ones
    /// value is reserved for "unknown", hence the `- 1`.
    static func sizeWidth(for value: UInt64) -> Int {
        var width = 1
        while width < 8 && value >= (UInt64(1) << (7 * UInt64(width))) - 1 { width += 1 }
        return width
    }

    /// A size VINT, minimal unless `width` asks for more (sizes patched later need a fixed width).
    mutating func appendSize(_ value: UInt64, width requested: Int? = nil) {
        let width = max(requested ?? 1, Self.sizeWidth(for: value))
        appendBigEndian(value | (UInt64(1) << (7 * UInt64(width))), width: width)
    }

    mutating func appendUnsigned(_ id: UInt32, _ value: UInt64, width requested: Int? = nil) {
        var width = 1
        while width < 8 && value >> (8 * UInt64(width)) != 0 { width += 1 }
        width = max(width, requested ?? 1)
        appendID(id)
        appendSize(UInt64(width))
        appendBigEndian(value, width: width)
    }

    /// RFC 8794 §7.3: an 8-octet IEEE 754 binary64.
    mutating func appendFloat(_ id: UInt32, _ value: Double) {
        appendID(id)
        appendSize(8)
        appendBigEndian(value.bitPattern, width: 8)
    }

    mutating func appendString(_ id: UInt32, _ value: String) {
        appendBinary(id, Array(value.utf8))
    }

    mutating func appendBinary(_ id: UInt32, _ value: [UInt8]) {
        appendID(id)
        appendSize(UInt64(value.count))
        bytes += value
    }

    /// A master element whose children `build` appends; its size is known once they are.
    mutating func appendMaster(_ id: UInt32, _ build: (inout EBMLBuffer) -> Void) {
        var body = EBMLBuffer()
        build(&body)
        appendID(id)
        appendSize(UInt64(body.bytes.count))
        bytes += body.bytes
    }

    /// An EBML Void element (RFC 8794 §11.3.2) of exactly `totalSize` bytes
    /// (at least 2), reserving room to overwrite later.
    mutating func appendVoid(totalSize: Int) {
        precondition(totalSize >= 2, "a Void element takes at least 2 bytes")
        appendID(MatroskaElementID.void)
        if totalSize - 2 < 127 {
            appendSize(UInt64(totalSize - 2))
            bytes += repeatElement(0, count: totalSize - 2)
        } else {
            appendSize(UInt64(totalSize - 9), width: 8)
            bytes += repeatElement(0, count: totalSize - 9)
        }
    }

    mutating func appendBigEndian(_ value: UInt64, width: Int) {
        for shift in stride(from: (width - 1) * 8, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }
}
