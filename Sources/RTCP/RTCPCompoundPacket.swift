/// The RTCP packets of one datagram.
///
/// RFC 3550 §6.1 makes every RTCP datagram a compound packet that starts with SR or RR;
/// RFC 5506 lets peers that negotiated `a=rtcp-rsize` send feedback alone (a PLI or NACK
/// without a report), which is what browsers do. `Rules` chooses which to enforce on input;
/// output is whatever packets the caller puts in.
/// See https://www.rfc-editor.org/rfc/rfc3550#section-6.1 and
/// https://www.rfc-editor.org/rfc/rfc5506#section-3
public struct RTCPCompoundPacket: Equatable, Sendable {
    public enum Rules: Sendable {
        /// RFC 3550 §6.1 / Appendix A.2: first packet SR or RR, padding only in the last.
        case rfc3550Compound
        /// RFC 5506 §3.1: any packet may come first. Padding is accepted on any packet, as
        /// libwebrtc does: it pads transport-wide feedback with the P bit wherever it sits.
        case rfc5506ReducedSize
    }

    public var packets: [RTCPPacket]

    public init(packets: [RTCPPacket]) {
        self.packets = packets
    }

    /// Splits a datagram into packets and parses each.
    public init(unmarshaling bytes: UnsafeRawBufferPointer, rules: Rules = .rfc5506ReducedSize) throws(RTCPError) {
        guard !bytes.isEmpty else { throw .rfc3550CompoundEmpty }
        var packets: [RTCPPacket] = []
        var offset = 0
        while offset < bytes.count {
            let parsed = try RTCPHeader.unmarshal(bytes, at: offset)
            let end = offset + parsed.packetSize
            if rules == .rfc3550Compound && parsed.header.padding && end != bytes.count {
                throw .rfc3550PaddingNotInLastPacket
            }
            if packets.isEmpty, rules == .rfc3550Compound,
               parsed.header.packetType != RTCPHeader.senderReportType,
               parsed.header.packetType != RTCPHeader.receiverReportType {
                throw .rfc3550CompoundMustStartWithReport(packetType: parsed.header.packetType)
            }
            packets.append(try RTCPPacket(unmarshaling: UnsafeRawBufferPointer(rebasing: bytes[offset..<end])))
            offset = end
        }
        self.init(packets: packets)
    }

    public init(unmarshaling bytes: [UInt8], rules: Rules = .rfc5506ReducedSize) throws(RTCPError) {
        self = try bytes.withUnsafeBytes { buffer in
            Result { () throws(RTCPError) in try RTCPCompoundPacket(unmarshaling: buffer, rules: rules) }
        }.get()
    }

    public var marshaledSize: Int { packets.reduce(0) { $0 + $1.message.marshaledSize } }

    /// Writes the packets back to back into `buffer`; returns the bytes written.
    public func marshal(into buffer: UnsafeMutableRawBufferPointer) throws(RTCPError) -> Int {
        let size = marshaledSize
        guard buffer.count >= size else { throw .bufferTooSmall(needed: size, available: buffer.count) }
        var offset = 0
        for packet in packets {
            offset += try packet.message.marshal(into: UnsafeMutableRawBufferPointer(rebasing: buffer[offset...]))
        }
        return offset
    }

    /// Appends the marshaled packets to `bytes` (reusing its capacity); returns their size.
    @discardableResult
    public func marshal(appendingTo bytes: inout [UInt8]) throws(RTCPError) -> Int {
        let start = bytes.count
        do {
            for packet in packets { try packet.message.marshal(appendingTo: &bytes) }
        } catch {
            bytes.removeSubrange(start...)
            throw error
        }
        return bytes.count - start
    }

    public func marshaled() throws(RTCPError) -> [UInt8] {
        var bytes: [UInt8] = []
        try marshal(appendingTo: &bytes)
        return bytes
    }
}
