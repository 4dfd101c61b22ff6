import RTP

/// The four-byte header every RTCP packet starts with.
/// See https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1
public struct RTCPHeader: Equatable, Sendable {
    public var padding: Bool
    /// Report count, source count, feedback message type (FMT) or APP subtype: five bits.
    public var count: UInt8
    public var packetType: UInt8
    /// Packet length in 32-bit words minus one, padding and header included.
    public var length: UInt16

    public static let size = 4

    public static let senderReportType: UInt8 = 200
    public static let receiverReportType: UInt8 = 201
    public static let sourceDescriptionType: UInt8 = 202
    public static let goodbyeType: UInt8 = 203
    public static let applicationDefinedType: UInt8 = 204
    /// RFC 4585 §6.1: transport layer feedback (NACK, TWCC).
    public static let transportFeedbackType: UInt8 = 205
    /// RFC 4585 §6.1: payload-specific feedback (PLI, FIR, REMB).
    public static let payloadFeedbackType: UInt8 = 206

    public init(padding: Bool, count: UInt8, packetType: UInt8, length: UInt16) {
        self.padding = padding
        self.count = count
        self.packetType = packetType
        self.length = length
    }

    /// Total bytes of the packet this header starts.
    public var packetSize: Int { (Int(length) + 1) * 4 }

    func write(into writer: inout NetworkByteWriter) {
        writer.write(UInt8(0x80) | (padding ? 0x20 : 0) | count & 0x1F)
        writer.write(packetType)
        writer.write(length)
    }

    /// A parsed header with the range of its body (after the header, padding removed).
    struct Parsed {
        var header: RTCPHeader
        var body: Range<Int>
        var packetSize: Int
    }

    /// Parses the header at `offset` and checks length and padding against the buffer.
    static func unmarshal(_ bytes: UnsafeRawBufferPointer, at offset: Int = 0) throws(RTCPError) -> Parsed {
        var reader = NetworkByteReader(bytes, offset: offset)
        guard let first = reader.readUInt8(), let packetType = reader.readUInt8(), let length = reader.readUInt16() else {
            throw .rfc3550HeaderTruncated(available: bytes.count - offset)
        }
        let version = first >> 6
        guard version == 2 else { throw .rfc3550VersionNotTwo(version) }
        let header = RTCPHeader(padding: first & 0x20 != 0, count: first & 0x1F, packetType: packetType, length: length)
        let size = header.packetSize
        guard size <= bytes.count - offset else {
            throw .rfc3550LengthBeyondBuffer(declared: size, available: bytes.count - offset)
        }
        var end = offset + size
        if header.padding {
            let padding = Int(bytes[end - 1])
            guard padding > 0 else { throw .rfc3550PaddingCountZero }
            guard padding <= size - Self.size else {
                throw .rfc3550PaddingBeyondPacket(padding: padding, available: size - Self.size)
            }
            end -= padding
        }
        return Parsed(header: header, body: offset + Self.size..<end, packetSize: size)
    }

    /// Parses a buffer that must hold exactly one packet.
    static func unmarshalSingle(_ bytes: UnsafeRawBufferPointer) throws(RTCPError) -> Parsed {
        let parsed = try unmarshal(bytes)
        guard parsed.packetSize == bytes.count else {
            throw .rfc3550TrailingBytes(declared: parsed.packetSize, available: bytes.count)
        }
        return parsed
    }
}
