import RTP

/// What every RTCP packet type offers: parse one packet, marshal it into a caller's buffer,
/// and say how large it is before doing so.
///
/// Parsers take exactly one packet (common header included); `RTCPCompoundPacket` splits a
/// datagram and picks the type. `marshaledSize` is always a whole number of 32-bit words.
public protocol RTCPMessage: Equatable, Sendable {
    /// Bytes the marshaled packet occupies, common header included.
    var marshaledSize: Int { get }
    /// Parses one whole RTCP packet.
    init(unmarshaling packet: UnsafeRawBufferPointer) throws(RTCPError)
    /// Writes the packet at the start of `buffer`; returns the bytes written.
    func marshal(into buffer: UnsafeMutableRawBufferPointer) throws(RTCPError) -> Int
}

extension RTCPMessage {
    public init(unmarshaling packet: [UInt8]) throws(RTCPError) {
        self = try packet.withUnsafeBytes { bytes in
            Result { () throws(RTCPError) in try Self(unmarshaling: bytes) }
        }.get()
    }

    /// Appends the marshaled packet to `bytes` (reusing its capacity) and returns its size.
    @discardableResult
    public func marshal(appendingTo bytes: inout [UInt8]) throws(RTCPError) -> Int {
        let size = marshaledSize
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: size))
        let result = bytes.withUnsafeMutableBytes { whole in
            Result { () throws(RTCPError) in
                try marshal(into: UnsafeMutableRawBufferPointer(rebasing: whole[start...]))
            }
        }
        do {
            return try result.get()
        } catch {
            bytes.removeSubrange(start...)
            throw error
        }
    }

    /// The marshaled packet in a new array.
    public func marshaled() throws(RTCPError) -> [UInt8] {
        var bytes: [UInt8] = []
        try marshal(appendingTo: &bytes)
        return bytes
    }
}

/// The per-type part of marshaling and parsing; the common header, length and padding are
/// handled once in the extension below.
protocol RTCPBody: RTCPMessage {
    static var packetType: UInt8 { get }
    /// The five-bit field after V and P: report count, source count, or feedback FMT.
    var headerCount: UInt8 { get }
    /// Bytes after the common header; a multiple of 4 once `validate()` passed.
    var bodySize: Int { get }
    /// Padding bytes after the body (signalled with the P bit); 0 for most types.
    var paddingSize: Int { get }
    /// Checks limits the wire imposes (counts, field ranges) before anything is written.
    func validate() throws(RTCPError)
    func writeBody(into writer: inout NetworkByteWriter)
    /// Parses the body (padding already removed) given the header's count field.
    init(headerCount: UInt8, body: UnsafeRawBufferPointer) throws(RTCPError)
}

extension RTCPBody {
    var paddingSize: Int { 0 }
    var packetSize: Int { RTCPHeader.size + bodySize + paddingSize }

    func marshalPacket(into buffer: UnsafeMutableRawBufferPointer) throws(RTCPError) -> Int {
        try validate()
        let size = packetSize
        guard size % 4 == 0 else { throw .rfc3550BodyNotWordAligned(bodySize) }
        guard size / 4 - 1 <= Int(UInt16.max) else { throw .rfc3550PacketTooLong(size) }
        guard buffer.count >= size else { throw .bufferTooSmall(needed: size, available: buffer.count) }
        var writer = NetworkByteWriter(buffer)
        RTCPHeader(padding: paddingSize > 0, count: headerCount, packetType: Self.packetType, length: UInt16(size / 4 - 1))
            .write(into: &writer)
        writeBody(into: &writer)
        if paddingSize > 0 {
            writer.writeZeros(paddingSize - 1)
            writer.write(UInt8(paddingSize))
        }
        precondition(writer.offset == size, "RTCP body size disagrees with bytes written")
        return size
    }

    static func unmarshalPacket(_ bytes: UnsafeRawBufferPointer, format: UInt8? = nil) throws(RTCPError) -> Self {
        let parsed = try RTCPHeader.unmarshalSingle(bytes)
        guard parsed.header.packetType == packetType, format.map({ $0 == parsed.header.count }) ?? true else {
            throw .unexpectedPacketType(expected: packetType, format: format,
                                        received: parsed.header.packetType, receivedFormat: parsed.header.count)
        }
        return try Self(headerCount: parsed.header.count, body: UnsafeRawBufferPointer(rebasing: bytes[parsed.body]))
    }
}
