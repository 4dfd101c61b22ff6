/// One Matroska Cluster (RFC 9559 §5.1.3) being assembled in memory: an ID and
/// a fixed 8-byte size placeholder, the cluster Timestamp, then SimpleBlocks.
///
/// The buffer is reused from cluster to cluster (capacity kept), and a finished
/// cluster leaves in a single write(2) so that a killed process leaves either
/// the whole cluster or none of it on disk.
struct MatroskaClusterBuffer {
    private var buffer = EBMLBuffer(reservingCapacity: 1 << 20)
    /// The cluster's timestamp, nil while no cluster is open.
    private(set) var timestamp: Int64?
    private(set) var videoFrames = 0
    private(set) var audioPackets = 0
    private static let headerByteCount = 12

    var isOpen: Bool { timestamp != nil }

    mutating func start(at timestamp: Int64) {
        buffer.bytes.removeAll(keepingCapacity: true)
        buffer.appendID(MatroskaElementID.cluster)
        buffer.bytes += EBMLBuffer.unknownSize
        buffer.appendUnsigned(MatroskaElementID.timestamp, UInt64(timestamp))
        self.timestamp = timestamp
        videoFrames = 0
        audioPackets = 0
    }

    /// The block offset from the cluster timestamp, if it fits the SimpleBlock's signed 16 bits.
    func relative(_ blockTimestamp: Int64) -> Int16? {
        timestamp.flatMap { Int16(exactly: blockTimestamp - $0) }
    }

    /// A SimpleBlock (RFC 9559 §10.2) of one access unit, its NAL units converted
    /// from Annex-B start codes to 4-byte big-endian lengths (ISO/IEC 14496-15
    /// §5.3.2). Access unit delimiters and filler are left out: they carry no
    /// picture and the length-prefixed format does not need them. SPS/PPS stay
    /// in band so a mid-recording change of parameters still decodes.
    mutating func appendVideoBlock(track: UInt8, relative: Int16, keyframe: Bool, units: AnnexBNALUnits) {
        var payloadSize = 0
        for unit in units where Self.keeps(unit, of: units) { payloadSize += AVCDecoderConfigurationRecord.nalLengthSize + unit.count }
        appendBlockHeader(track: track, relative: relative, keyframe: keyframe, payloadSize: payloadSize)
        for unit in units where Self.keeps(unit, of: units) {
            buffer.appendBigEndian(UInt64(unit.count), width: AVCDecoderConfigurationRecord.nalLengthSize)
            buffer.bytes += units.bytes[unit]
        }
        videoFrames += 1
    }

    /// A SimpleBlock of one Opus packet; every Opus packet decodes on its own,
    /// so each is flagged as a keyframe.
    mutating func appendAudioBlock(track: UInt8, relative: Int16, payload: [UInt8]) {
        appendBlockHeader(track: track, relative: relative, keyframe: true, payloadSize: payload.count)
        buffer.bytes += payload
        audioPackets += 1
    }

    /// Patches the cluster size and hands the finished bytes to `body`; the
    /// cluster is closed afterwards.
    mutating func seal<Result>(_ body: ([UInt8]) throws -> Result) rethrows -> Result {
        // An 8-byte VINT in place of the placeholder: marker 0x01, then 56 bits of size.
        let size = UInt64(buffer.bytes.count - Self.headerByteCount) | (UInt64(1) << 56)
        for index in 0..<8 {
            buffer.bytes[4 + index] = UInt8(truncatingIfNeeded: size >> UInt64(56 - 8 * index))
        }
        timestamp = nil
        return try body(buffer.bytes)
    }

    private static func keeps(_ unit: Range<Int>, of units: AnnexBNALUnits) -> Bool {
        guard let type = units.type(of: unit) else { return false }
        return type != .accessUnitDelimiter && type != .filler
    }

    private mutating func appendBlockHeader(track: UInt8, relative: Int16, keyframe: Bool, payloadSize: Int) {
        buffer.appendID(MatroskaElementID.simpleBlock)
        buffer.appendSize(UInt64(payloadSize + 4))
        buffer.bytes.append(0x80 | track)  // track number as a 1-byte VINT
        buffer.appendBigEndian(UInt64(UInt16(bitPattern: relative)), width: 2)
        buffer.bytes.append(keyframe ? 0x80 : 0x00)
    }
}
