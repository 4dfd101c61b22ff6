/// The `avcC` box payload (ISO/IEC 14496-15 §5.3.3.1) that Matroska's
/// `V_MPEG4/ISO/AVC` track carries as CodecPrivate: profile, level, the NAL
/// length size of the blocks (4 bytes here) and the SPS/PPS a decoder needs
/// before the first picture.
///
/// - Important: For High profiles (profile_idc 100 and up) the standard adds
///   chroma format and bit-depth fields; they are omitted because building them
///   means parsing the SPS, and PeerCam's encoder and browsers' senders use
///   Constrained Baseline. ffmpeg reads the record without them.
struct AVCDecoderConfigurationRecord: Equatable {
    let sequenceParameterSets: [[UInt8]]
    let pictureParameterSets: [[UInt8]]

    /// Bytes of the length field before each NAL unit in a block.
    static let nalLengthSize = 4

    /// Takes the SPS and PPS out of a keyframe access unit.
    /// - Throws: `MatroskaWriterError.firstKeyframeLacksParameterSets` if either is
    ///   missing, `.sequenceParameterSetTooShort` if the SPS cannot hold profile and level.
    init(keyframe units: AnnexBNALUnits) throws(MatroskaWriterError) {
        var sps: [[UInt8]] = [], pps: [[UInt8]] = []
        for unit in units {
            switch units.type(of: unit) {
            case .sequenceParameterSet?: sps.append(Array(units.bytes[unit]))
            case .pictureParameterSet?: pps.append(Array(units.bytes[unit]))
            default: break
            }
        }
        guard !sps.isEmpty, !pps.isEmpty else {
            throw .firstKeyframeLacksParameterSets(hasSPS: !sps.isEmpty, hasPPS: !pps.isEmpty)
        }
        // NAL header, profile_idc, constraint flags, level_idc (H.264 7.3.2.1.1).
        guard sps.allSatisfy({ $0.count >= 4 }) else { throw .sequenceParameterSetTooShort }
        guard sps.count <= 31, pps.count <= 255,
              (sps + pps).allSatisfy({ $0.count <= Int(UInt16.max) }) else { throw .parameterSetsDoNotFitConfigurationRecord }
        sequenceParameterSets = sps
        pictureParameterSets = pps
    }

    var bytes: [UInt8] {
        let first = sequenceParameterSets[0]
        var record: [UInt8] = [1, first[1], first[2], first[3],
                               0xFC | UInt8(Self.nalLengthSize - 1),
                               0xE0 | UInt8(sequenceParameterSets.count)]
        for sps in sequenceParameterSets { record += Self.lengthPrefixed(sps) }
        record.append(UInt8(pictureParameterSets.count))
        for pps in pictureParameterSets { record += Self.lengthPrefixed(pps) }
        return record
    }

    private static func lengthPrefixed(_ unit: [UInt8]) -> [UInt8] {
        [UInt8(unit.count >> 8), UInt8(unit.count & 0xFF)] + unit
    }
}
