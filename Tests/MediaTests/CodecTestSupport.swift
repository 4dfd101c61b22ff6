import H264
import Media

/// NAL unit types from H.264 Table 7-1 that the codec tests look for.
enum CodecNALType {
    static let nonIDRSlice: UInt8 = 1
    static let idrSlice: UInt8 = 5
    static let sei: UInt8 = 6
    static let sequenceParameterSet: UInt8 = 7
    static let pictureParameterSet: UInt8 = 8
    static let prefix: UInt8 = 14
}

/// Splits an Annex-B access unit at its 3- or 4-byte start codes (H.264 Annex B.2) and
/// returns each NAL unit's bytes (header first). Written independently of the encoder,
/// so tests check OpenH264's output instead of trusting it.
func codecNALUnits(in annexB: [UInt8]) -> [ArraySlice<UInt8>] {
    var starts: [Int] = []
    var index = 0
    while index + 2 < annexB.count {
        if annexB[index] == 0, annexB[index + 1] == 0, annexB[index + 2] == 1 {
            starts.append(index + 3)
            index += 3
        } else {
            index += 1
        }
    }
    return starts.enumerated().map { position, start in
        var end = position + 1 < starts.count ? starts[position + 1] - 3 : annexB.count
        while end > start, annexB[end - 1] == 0, position + 1 < starts.count { end -= 1 }
        return annexB[start..<end]
    }
}

/// The `nal_unit_type` of every NAL unit in an access unit, in order.
func codecNALTypes(in annexB: [UInt8]) -> [UInt8] {
    codecNALUnits(in: annexB).compactMap { $0.first.map { $0 & 0x1F } }
}

/// Encodes `count` test-pattern frames starting at the source's next index.
func codecEncode(_ count: Int, from source: inout TestPatternSource, with encoder: H264Encoder) throws -> [EncodedVideoFrame] {
    var units: [EncodedVideoFrame] = []
    var frame = VideoFrame(width: source.width, height: source.height)
    for _ in 0..<count {
        source.nextFrame(into: &frame)
        if let unit = try encoder.encode(frame) { units.append(unit) }
    }
    return units
}

/// `slice_type` of a coded slice NAL unit (H.264 §7.3.3: `first_mb_in_slice` then
/// `slice_type`, both Exp-Golomb ue(v)), or nil if the header is cut short.
/// 0/5 = P, 1/6 = B, 2/7 = I.
func codecSliceType(of nalUnit: ArraySlice<UInt8>) -> Int? {
    var reader = CodecBitReader(bytes: Array(nalUnit.dropFirst()))
    guard reader.readExpGolomb() != nil else { return nil }
    return reader.readExpGolomb()
}

/// Reads bits most-significant first, for the few header fields the tests inspect.
struct CodecBitReader {
    let bytes: [UInt8]
    var position = 0

    mutating func readBit() -> Int? {
        guard position / 8 < bytes.count else { return nil }
        defer { position += 1 }
        return Int(bytes[position / 8] >> (7 - UInt8(position % 8)) & 1)
    }

    /// Unsigned Exp-Golomb code, H.264 §9.1.
    mutating func readExpGolomb() -> Int? {
        var leadingZeros = 0
        while true {
            guard let bit = readBit() else { return nil }
            if bit == 1 { break }
            leadingZeros += 1
            if leadingZeros > 31 { return nil }
        }
        var suffix = 0
        for _ in 0..<leadingZeros {
            guard let bit = readBit() else { return nil }
            suffix = suffix << 1 | bit
        }
        return (1 << leadingZeros) - 1 + suffix
    }
}

