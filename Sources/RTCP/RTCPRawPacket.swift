import RTP

/// An RTCP packet this module does not interpret (APP, XR, unknown feedback formats),
/// kept whole so that it can be inspected or forwarded rather than lost.
/// See https://www.rfc-editor.org/rfc/rfc3550#section-6.7
public struct RTCPRawPacket: RTCPMessage, Hashable {
    /// The five-bit count/format/subtype field.
    public var count: UInt8
    public var packetType: UInt8
    /// Everything after the common header, padding removed; a whole number of 32-bit words.
    public var body: [UInt8]

    public init(count: UInt8, packetType: UInt8, body: [UInt8]) {
        self.count = count
        self.packetType = packetType
        self.body = body
    }

    public var marshaledSize: Int { RTCPHeader.size + body.count }

    public init(unmarshaling packet: UnsafeRawBufferPointer) throws(RTCPError) {
        let parsed = try RTCPHeader.unmarshalSingle(packet)
        try self.init(header: parsed.header, body: UnsafeRawBufferPointer(rebasing: packet[parsed.body]))
    }

    init(header: RTCPHeader, body: UnsafeRawBufferPointer) throws(RTCPError) {
        guard body.count % 4 == 0 else { throw .rfc3550BodyNotWordAligned(body.count) }
        self.init(count: header.count, packetType: header.packetType, body: Array(body))
    }

    public func marshal(into buffer: UnsafeMutableRawBufferPointer) throws(RTCPError) -> Int {
        guard count <= 31 else { throw .rfc3550CountOutOfRange(Int(count)) }
        guard body.count % 4 == 0, body.count / 4 <= Int(UInt16.max) else { throw .rfc3550BodyNotWordAligned(body.count) }
        let size = marshaledSize
        guard buffer.count >= size else { throw .bufferTooSmall(needed: size, available: buffer.count) }
        var writer = NetworkByteWriter(buffer)
        RTCPHeader(padding: false, count: count, packetType: packetType, length: UInt16(body.count / 4)).write(into: &writer)
        writer.write(body)
        return size
    }
}
