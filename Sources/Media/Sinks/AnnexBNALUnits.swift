/// The NAL units of an H264 Annex-B byte stream (ITU-T H.264 Annex B.1): each
/// unit follows a `00 00 01` start code (often `00 00 00 01`), and zero bytes
/// before the next start code belong to the gap, not to the unit.
///
/// Iterates ranges into the caller's buffer, so converting an access unit to
/// length-prefixed form (ISO/IEC 14496-15) or finding its SPS/PPS copies nothing.
struct AnnexBNALUnits: Sequence {
    let bytes: [UInt8]

    /// Checks the rules a writer relies on before accepting an access unit.
    /// - Throws: `AnnexBFormatError`.
    init(validating bytes: [UInt8]) throws(AnnexBFormatError) {
        guard !bytes.isEmpty else { throw .emptyAccessUnit }
        guard Self.startCodeLength(in: bytes, at: 0) != nil else { throw .noStartCodeAtStart }
        self.bytes = bytes
        guard contains(where: { !$0.isEmpty }) else { throw .noNALUnits }
    }

    /// Without checks, for scanning a whole elementary stream.
    init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    /// Length of the start code at `index` (3 or 4), or nil if there is none.
    static func startCodeLength(in bytes: [UInt8], at index: Int) -> Int? {
        if index + 3 <= bytes.count, bytes[index] == 0, bytes[index + 1] == 0, bytes[index + 2] == 1 { return 3 }
        if index + 4 <= bytes.count, bytes[index] == 0, bytes[index + 1] == 0, bytes[index + 2] == 0, bytes[index + 3] == 1 { return 4 }
        return nil
    }

    /// The `nal_unit_type` (H.264 7.4.1) of a unit, or nil for an empty range.
    func type(of unit: Range<Int>) -> H264NALUnitType? {
        unit.isEmpty ? nil : H264NALUnitType(rawValue: bytes[unit.lowerBound] & 0x1F)
    }

    func makeIterator() -> Iterator { Iterator(bytes: bytes) }

    struct Iterator: IteratorProtocol {
        let bytes: [UInt8]
        var position = 0

        /// The next unit's range (possibly empty when two start codes touch).
        mutating func next() -> Range<Int>? {
            // Find the first start code at or after `position`.
            guard let start = nextStartCode(from: position) else { return nil }
            let begin = start.index + start.length
            let following = nextStartCode(from: begin)
            var end = following?.index ?? bytes.count
            // trailing_zero_8bits (B.1.2) before the next start code are not part of the unit.
            while end > begin && bytes[end - 1] == 0 { end -= 1 }
            position = following?.index ?? bytes.count
            return begin..<end
        }

        private func nextStartCode(from index: Int) -> (index: Int, length: Int)? {
            var i = index
            while i + 3 <= bytes.count {
                if bytes[i + 2] > 1 {
                    i += 3
                } else if bytes[i] == 0, bytes[i + 1] == 0, bytes[i + 2] == 1 {
                    return (i, 3)
                } else {
                    i += 1
                }
            }
            return nil
        }
    }
}

/// The NAL unit types a sink needs to tell apart (ITU-T H.264 Table 7-1).
struct H264NALUnitType: RawRepresentable, Equatable, Sendable {
    let rawValue: UInt8
    static let nonIDRSlice = H264NALUnitType(rawValue: 1)
    static let idrSlice = H264NALUnitType(rawValue: 5)
    static let sei = H264NALUnitType(rawValue: 6)
    static let sequenceParameterSet = H264NALUnitType(rawValue: 7)
    static let pictureParameterSet = H264NALUnitType(rawValue: 8)
    static let accessUnitDelimiter = H264NALUnitType(rawValue: 9)
    static let filler = H264NALUnitType(rawValue: 12)
}

/// Why bytes handed to an H264 sink are not an Annex-B access unit (H.264 Annex B.1).
public enum AnnexBFormatError: Error, Sendable, Equatable {
    /// The access unit has no bytes at all.
    case emptyAccessUnit
    /// Annex B.1: the stream starts with a start code prefix; these bytes do not.
    case noStartCodeAtStart
    /// Only start codes, no NAL unit bytes between them.
    case noNALUnits
}
