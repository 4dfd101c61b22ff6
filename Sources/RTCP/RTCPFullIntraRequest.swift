import RTP

/// Full Intra Request (PSFB, FMT 4): asks one or more senders for a decoder refresh point.
/// Each entry carries a sequence number that the requester increments per new request, so
/// a retransmitted FIR is not mistaken for a new one.
/// See https://www.rfc-editor.org/rfc/rfc5104#section-4.3.1
public struct RTCPFullIntraRequest: RTCPBody, Hashable {
    static let packetType = RTCPHeader.payloadFeedbackType
    static let format: UInt8 = 4

    /// One FCI entry (RFC 5104 §4.3.1.1).
    public struct Entry: Equatable, Hashable, Sendable {
        /// The media sender asked for the refresh.
        public var ssrc: UInt32
        public var sequenceNumber: UInt8

        public init(ssrc: UInt32, sequenceNumber: UInt8) {
            self.ssrc = ssrc
            self.sequenceNumber = sequenceNumber
        }
    }

    public var senderSSRC: UInt32
    /// RFC 5104 §4.3.1.2: "SHALL be set to 0"; the targets are in the entries.
    public var mediaSSRC: UInt32
    public var entries: [Entry]

    public init(senderSSRC: UInt32, mediaSSRC: UInt32 = 0, entries: [Entry]) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.entries = entries
    }

    public var marshaledSize: Int { packetSize }
    public init(unmarshaling packet: UnsafeRawBufferPointer) throws(RTCPError) {
        self = try Self.unmarshalPacket(packet, format: Self.format)
    }
    public func marshal(into buffer: UnsafeMutableRawBufferPointer) throws(RTCPError) -> Int { try marshalPacket(into: buffer) }

    var headerCount: UInt8 { Self.format }
    var bodySize: Int { RTCPFeedbackSources.size + 8 * entries.count }
    func validate() throws(RTCPError) {}

    func writeBody(into writer: inout NetworkByteWriter) {
        RTCPFeedbackSources.write(sender: senderSSRC, media: mediaSSRC, into: &writer)
        for entry in entries {
            writer.write(entry.ssrc)
            writer.write(entry.sequenceNumber)
            writer.writeZeros(3)
        }
    }

    init(headerCount: UInt8, body: UnsafeRawBufferPointer) throws(RTCPError) {
        var reader = NetworkByteReader(body)
        let sources = try RTCPFeedbackSources.read(&reader)
        guard reader.remaining % 8 == 0 else { throw .rfc5104FIREntryTruncated }
        var entries: [Entry] = []
        while let ssrc = reader.readUInt32(), let sequenceNumber = reader.readUInt8(), reader.skip(3) {
            entries.append(Entry(ssrc: ssrc, sequenceNumber: sequenceNumber))
        }
        self.init(senderSSRC: sources.sender, mediaSSRC: sources.media, entries: entries)
    }
}
