import RTP

/// Sender report (SR, PT 200): what a sender sent, tied to wall-clock time, plus reception
/// reports on the sources it receives. Receivers use it for lip sync and RTT (LSR/DLSR).
/// See https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1
public struct RTCPSenderReport: RTCPBody, Hashable {
    static let packetType = RTCPHeader.senderReportType

    public var ssrc: UInt32
    /// 64-bit NTP timestamp (seconds since 1900 in the high 32 bits, fraction in the low).
    public var ntpTimestamp: UInt64
    /// The same instant on the stream's RTP clock.
    public var rtpTimestamp: UInt32
    public var packetCount: UInt32
    public var octetCount: UInt32
    public var reports: [RTCPReceptionReport]
    /// Profile-specific extension (RFC 3550 §6.4.1), kept as opaque words.
    public var profileExtension: [UInt8]

    public init(ssrc: UInt32, ntpTimestamp: UInt64, rtpTimestamp: UInt32, packetCount: UInt32, octetCount: UInt32,
                reports: [RTCPReceptionReport] = [], profileExtension: [UInt8] = []) {
        self.ssrc = ssrc
        self.ntpTimestamp = ntpTimestamp
        self.rtpTimestamp = rtpTimestamp
        self.packetCount = packetCount
        self.octetCount = octetCount
        self.reports = reports
        self.profileExtension = profileExtension
    }

    /// The middle 32 bits of the NTP timestamp: what a receiver echoes back as LSR.
    public var compactNTP: UInt32 { UInt32(truncatingIfNeeded: ntpTimestamp >> 16) }

    public var marshaledSize: Int { packetSize }
    public init(unmarshaling packet: UnsafeRawBufferPointer) throws(RTCPError) { self = try Self.unmarshalPacket(packet) }
    public func marshal(into buffer: UnsafeMutableRawBufferPointer) throws(RTCPError) -> Int { try marshalPacket(into: buffer) }

    var headerCount: UInt8 { UInt8(truncatingIfNeeded: reports.count) }
    var bodySize: Int { 24 + reports.count * RTCPReceptionReport.size + profileExtension.count }

    func validate() throws(RTCPError) {
        try RTCPReceptionReport.validate(reports, profileExtension: profileExtension)
    }

    func writeBody(into writer: inout NetworkByteWriter) {
        writer.write(ssrc)
        writer.write(UInt32(truncatingIfNeeded: ntpTimestamp >> 32))
        writer.write(UInt32(truncatingIfNeeded: ntpTimestamp))
        writer.write(rtpTimestamp)
        writer.write(packetCount)
        writer.write(octetCount)
        for report in reports { report.write(into: &writer) }
        writer.write(profileExtension)
    }

    init(headerCount: UInt8, body: UnsafeRawBufferPointer) throws(RTCPError) {
        var reader = NetworkByteReader(body)
        guard let ssrc = reader.readUInt32(), let ntpHigh = reader.readUInt32(), let ntpLow = reader.readUInt32(),
              let rtpTimestamp = reader.readUInt32(), let packetCount = reader.readUInt32(), let octetCount = reader.readUInt32()
        else { throw .rfc3550ReportBlocksTruncated(count: Int(headerCount)) }
        let reports = try RTCPReceptionReport.read(Int(headerCount), from: &reader)
        self.init(ssrc: ssrc, ntpTimestamp: UInt64(ntpHigh) << 32 | UInt64(ntpLow), rtpTimestamp: rtpTimestamp,
                  packetCount: packetCount, octetCount: octetCount, reports: reports,
                  profileExtension: try RTCPReceptionReport.readProfileExtension(&reader))
    }
}
