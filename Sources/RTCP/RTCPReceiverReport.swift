import RTP

/// Receiver report (RR, PT 201): loss, jitter and LSR/DLSR for each source received, sent by
/// a participant that is not sending itself. Senders feed it to their bitrate controller.
/// See https://www.rfc-editor.org/rfc/rfc3550#section-6.4.2
public struct RTCPReceiverReport: RTCPBody, Hashable {
    static let packetType = RTCPHeader.receiverReportType

    /// SSRC of the reporter.
    public var ssrc: UInt32
    public var reports: [RTCPReceptionReport]
    /// Profile-specific extension (RFC 3550 §6.4.2), kept as opaque words.
    public var profileExtension: [UInt8]

    public init(ssrc: UInt32, reports: [RTCPReceptionReport] = [], profileExtension: [UInt8] = []) {
        self.ssrc = ssrc
        self.reports = reports
        self.profileExtension = profileExtension
    }

    public var marshaledSize: Int { packetSize }
    public init(unmarshaling packet: UnsafeRawBufferPointer) throws(RTCPError) { self = try Self.unmarshalPacket(packet) }
    public func marshal(into buffer: UnsafeMutableRawBufferPointer) throws(RTCPError) -> Int { try marshalPacket(into: buffer) }

    var headerCount: UInt8 { UInt8(truncatingIfNeeded: reports.count) }
    var bodySize: Int { 4 + reports.count * RTCPReceptionReport.size + profileExtension.count }

    func validate() throws(RTCPError) {
        try RTCPReceptionReport.validate(reports, profileExtension: profileExtension)
    }

    func writeBody(into writer: inout NetworkByteWriter) {
        writer.write(ssrc)
        for report in reports { report.write(into: &writer) }
        writer.write(profileExtension)
    }

    init(headerCount: UInt8, body: UnsafeRawBufferPointer) throws(RTCPError) {
        var reader = NetworkByteReader(body)
        guard let ssrc = reader.readUInt32() else { throw .rfc3550ReportBlocksTruncated(count: Int(headerCount)) }
        let reports = try RTCPReceptionReport.read(Int(headerCount), from: &reader)
        self.init(ssrc: ssrc, reports: reports, profileExtension: try RTCPReceptionReport.readProfileExtension(&reader))
    }
}
