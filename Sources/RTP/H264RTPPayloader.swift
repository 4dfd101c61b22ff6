/// Splits H.264 access units into RTP payloads following RFC 6184 non-interleaved mode
/// (`packetization-mode=1`), the mode browsers negotiate.
///
/// Consecutive NAL units that fit together in one payload (SPS + PPS + a small IDR start,
/// SEI + slice) go out as one STAP-A (§5.7.1); a NAL unit that fits alone goes out as a
/// Single NAL Unit packet (§5.6); a larger one is cut into FU-A fragments (§5.8) of balanced
/// size so the last fragment is not a runt. The payload budget excludes the RTP header and
/// SRTP tag, which the caller accounts for when choosing it.
/// See https://www.rfc-editor.org/rfc/rfc6184#section-5
public struct H264RTPPayloader: Sendable {
    /// Largest RTP payload produced, in bytes.
    public let maximumPayloadSize: Int
    /// Reused between access units: NAL unit ranges of the current one, and the packet
    /// being assembled (STAP-A or FU-A need a header in front of the NAL bytes).
    private var nalUnits: [Range<Int>] = []
    private var scratch: [UInt8] = []

    static let stapAType: UInt8 = 24
    static let fuAType: UInt8 = 28

    /// - Parameter maximumPayloadSize: payload budget per packet; 1200 leaves room for RTP
    ///   header, extensions and SRTP tag under a 1280-byte IPv6 minimum MTU path.
    public init(maximumPayloadSize: Int = 1200) throws(H264RTPPayloaderError) {
        // An FU-A carries 2 header bytes; fewer than 3 bytes of budget could carry no data.
        guard maximumPayloadSize >= 3 else { throw .payloadBudgetTooSmall(maximumPayloadSize) }
        self.maximumPayloadSize = maximumPayloadSize
        scratch.reserveCapacity(maximumPayloadSize)
    }

    /// Produces the payloads of one access unit in order.
    ///
    /// - Parameters:
    ///   - accessUnit: NAL units of one picture in Annex-B form (start code before each).
    ///   - emit: called once per RTP payload with the bytes (valid only during the call) and
    ///     whether it is the last payload of the access unit (set the RTP marker bit then,
    ///     RFC 6184 §5.1).
    /// - Throws: `H264RTPPayloaderError` before anything is emitted when the access unit
    ///   is not usable; otherwise whatever `emit` throws.
    public mutating func packetize(accessUnit: UnsafeRawBufferPointer,
                                   emit: (_ payload: UnsafeRawBufferPointer, _ isLast: Bool) throws -> Void) throws {
        nalUnits.removeAll(keepingCapacity: true)
        var scanner = H264AnnexBScanner(accessUnit)
        guard let firstStartCode = scanner.firstStartCodeOffset,
              accessUnit[0..<firstStartCode].allSatisfy({ $0 == 0 })
        else { throw H264RTPPayloaderError.annexBMissingStartCode }
        while let nal = scanner.next() { nalUnits.append(nal) }
        guard !nalUnits.isEmpty else { throw H264RTPPayloaderError.emptyAccessUnit }
        if let forbidden = nalUnits.first(where: { accessUnit[$0.lowerBound] & 0x80 != 0 }) {
            throw H264RTPPayloaderError.h264ForbiddenZeroBitSet(offset: forbidden.lowerBound)
        }

        var index = 0
        while index < nalUnits.count {
            let aggregated = aggregationEnd(from: index)
            let isLastNAL = aggregated == nalUnits.count
            if aggregated - index >= 2 {
                try emitAggregation(nalUnits[index..<aggregated], of: accessUnit, isLast: isLastNAL, emit: emit)
                index = aggregated
                continue
            }
            let nal = UnsafeRawBufferPointer(rebasing: accessUnit[nalUnits[index]])
            let isLast = index == nalUnits.count - 1
            if nal.count <= maximumPayloadSize {
                try emit(nal, isLast)
            } else {
                try emitFragments(of: nal, isLastNAL: isLast, emit: emit)
            }
            index += 1
        }
    }

    /// Convenience for callers without their own packet buffer: whole RTP packets with
    /// consecutive sequence numbers from `sequencer`.
    public mutating func packetize(accessUnit: [UInt8], rtpTimestamp: UInt32,
                                   sequencer: inout RTPSequencer) throws -> [RTPPacket] {
        var packets: [RTPPacket] = []
        try accessUnit.withUnsafeBytes { bytes in
            try packetize(accessUnit: bytes) { payload, isLast in
                packets.append(RTPPacket(header: sequencer.nextHeader(timestamp: rtpTimestamp, marker: isLast),
                                         payload: Array(payload)))
            }
        }
        return packets
    }

    /// One past the last NAL unit that still fits in a STAP-A started at `start`.
    private func aggregationEnd(from start: Int) -> Int {
        var size = 1  // STAP-A NAL header
        var end = start
        while end < nalUnits.count {
            let unitSize = 2 + nalUnits[end].count
            guard size + unitSize <= maximumPayloadSize, nalUnits[end].count <= Int(UInt16.max) else { break }
            size += unitSize
            end += 1
        }
        return end
    }

    /// RFC 6184 §5.7.1: STAP-A header (F = OR, NRI = max of the units), then size + unit.
    private mutating func emitAggregation(_ units: ArraySlice<Range<Int>>, of accessUnit: UnsafeRawBufferPointer, isLast: Bool,
                                          emit: (UnsafeRawBufferPointer, Bool) throws -> Void) throws {
        var forbidden: UInt8 = 0
        var priority: UInt8 = 0
        for unit in units {
            forbidden |= accessUnit[unit.lowerBound] & 0x80
            priority = max(priority, accessUnit[unit.lowerBound] & 0x60)
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(forbidden | priority | Self.stapAType)
        for unit in units {
            scratch.append(UInt8(truncatingIfNeeded: unit.count >> 8))
            scratch.append(UInt8(truncatingIfNeeded: unit.count))
            scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: accessUnit[unit]))
        }
        try scratch.withUnsafeBytes { try emit($0, isLast) }
    }

    /// RFC 6184 §5.8: FU indicator (F, NRI of the NAL, type 28), FU header (S, E, NAL type),
    /// then a slice of the NAL unit without its one-byte header.
    private mutating func emitFragments(of nal: UnsafeRawBufferPointer, isLastNAL: Bool,
                                        emit: (UnsafeRawBufferPointer, Bool) throws -> Void) throws {
        let nalHeader = nal[0]
        let indicator = nalHeader & 0xE0 | Self.fuAType
        let dataSize = nal.count - 1
        let budget = maximumPayloadSize - 2
        let fragmentCount = (dataSize + budget - 1) / budget
        let baseSize = dataSize / fragmentCount
        let largerCount = dataSize % fragmentCount
        var offset = 1
        for fragment in 0..<fragmentCount {
            let size = baseSize + (fragment < largerCount ? 1 : 0)
            let isFirst = fragment == 0
            let isLastFragment = fragment == fragmentCount - 1
            scratch.removeAll(keepingCapacity: true)
            scratch.append(indicator)
            scratch.append((isFirst ? 0x80 : 0) | (isLastFragment ? 0x40 : 0) | nalHeader & 0x1F)
            scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: nal[offset..<offset + size]))
            offset += size
            try scratch.withUnsafeBytes { try emit($0, isLastNAL && isLastFragment) }
        }
    }
}

/// Why an access unit could not be packetized.
public enum H264RTPPayloaderError: Error, Equatable, Sendable {
    /// The budget cannot hold an FU-A header plus one byte of data.
    case payloadBudgetTooSmall(Int)
    /// H.264 Annex B: a byte stream starts with a start code (after optional zero bytes).
    case annexBMissingStartCode
    /// Only start codes and zero bytes, no NAL unit.
    case emptyAccessUnit
    /// H.264 §7.4.1: `forbidden_zero_bit` must be 0; the encoder produced a broken NAL unit.
    case h264ForbiddenZeroBitSet(offset: Int)
}
