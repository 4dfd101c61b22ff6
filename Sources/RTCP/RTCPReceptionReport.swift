import RTP

/// One report block of an SR or RR: what the reporter received from one source.
/// See https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1
public struct RTCPReceptionReport: Equatable, Hashable, Sendable {
    /// The source this block reports on.
    public var ssrc: UInt32
    /// Fraction of packets lost since the previous report, in 1/256.
    public var fractionLost: UInt8
    /// Packets lost since the start, signed 24 bits (duplicates can make it negative).
    public var cumulativeLost: Int32
    /// Cycle count (high 16 bits) and highest sequence number received (low 16 bits).
    public var extendedHighestSequenceNumber: UInt32
    /// Interarrival jitter in RTP timestamp units (RFC 3550 §6.4.1, A.8).
    public var jitter: UInt32
    /// Middle 32 bits of the NTP timestamp of the last SR received from this source ("LSR").
    public var lastSenderReport: UInt32
    /// Delay since that SR, in 1/65536 s ("DLSR"); with LSR it gives the round-trip time.
    public var delaySinceLastSenderReport: UInt32

    public init(ssrc: UInt32, fractionLost: UInt8, cumulativeLost: Int32, extendedHighestSequenceNumber: UInt32,
                jitter: UInt32, lastSenderReport: UInt32, delaySinceLastSenderReport: UInt32) {
        self.ssrc = ssrc
        self.fractionLost = fractionLost
        self.cumulativeLost = cumulativeLost
        self.extendedHighestSequenceNumber = extendedHighestSequenceNumber
        self.jitter = jitter
        self.lastSenderReport = lastSenderReport
        self.delaySinceLastSenderReport = delaySinceLastSenderReport
    }

    static let size = 24
    static let cumulativeLostRange: ClosedRange<Int32> = -0x80_0000...0x7F_FFFF

    func validate() throws(RTCPError) {
        guard Self.cumulativeLostRange.contains(cumulativeLost) else {
            throw .rfc3550CumulativeLostOutOfRange(cumulativeLost)
        }
    }

    func write(into writer: inout NetworkByteWriter) {
        writer.write(ssrc)
        writer.write(fractionLost)
        writer.writeUInt24(UInt32(bitPattern: cumulativeLost) & 0xFF_FFFF)
        writer.write(extendedHighestSequenceNumber)
        writer.write(jitter)
        writer.write(lastSenderReport)
        writer.write(delaySinceLastSenderReport)
    }

    static func read(_ count: Int, from reader: inout NetworkByteReader) throws(RTCPError) -> [RTCPReceptionReport] {
        guard reader.remaining >= count * size else { throw .rfc3550ReportBlocksTruncated(count: count) }
        var reports: [RTCPReceptionReport] = []
        reports.reserveCapacity(count)
        for _ in 0..<count {
            guard let ssrc = reader.readUInt32(), let fraction = reader.readUInt8(), let lost = reader.readUInt24(),
                  let highest = reader.readUInt32(), let jitter = reader.readUInt32(),
                  let lsr = reader.readUInt32(), let dlsr = reader.readUInt32()
            else { throw .rfc3550ReportBlocksTruncated(count: count) }
            // Sign-extend the 24-bit two's complement value.
            let cumulativeLost = Int32(bitPattern: lost << 8) >> 8
            reports.append(RTCPReceptionReport(ssrc: ssrc, fractionLost: fraction, cumulativeLost: cumulativeLost,
                                               extendedHighestSequenceNumber: highest, jitter: jitter,
                                               lastSenderReport: lsr, delaySinceLastSenderReport: dlsr))
        }
        return reports
    }

    /// Checks the report list of an SR/RR against RC's five bits and each block's ranges.
    static func validate(_ reports: [RTCPReceptionReport], profileExtension: [UInt8]) throws(RTCPError) {
        guard reports.count <= 31 else { throw .rfc3550CountOutOfRange(reports.count) }
        for report in reports { try report.validate() }
        guard profileExtension.count % 4 == 0 else { throw .rfc3550BodyNotWordAligned(profileExtension.count) }
    }

    /// Whatever follows the report blocks: opaque, but still counted in 32-bit words.
    static func readProfileExtension(_ reader: inout NetworkByteReader) throws(RTCPError) -> [UInt8] {
        guard reader.remaining % 4 == 0 else { throw .rfc3550BodyNotWordAligned(reader.remaining) }
        return reader.readBytes(reader.remaining) ?? []
    }
}
