import RTP

/// Receiver Estimated Maximum Bitrate (REMB, PSFB FMT 15 "application layer feedback" with
/// the identifier "REMB"): the total bitrate a receiver estimates it can take for the
/// listed SSRCs. Chrome sends it when transport-cc is not negotiated.
/// See https://datatracker.ietf.org/doc/html/draft-alvestrand-rmcat-remb-03#section-2.2
public struct RTCPReceiverEstimatedMaximumBitrate: RTCPBody, Hashable {
    static let packetType = RTCPHeader.payloadFeedbackType
    static let format: UInt8 = 15
    static let identifier: [UInt8] = Array("REMB".utf8)

    public var senderSSRC: UInt32
    /// The draft says 0: the SSRCs the estimate applies to are listed after the bitrate.
    public var mediaSSRC: UInt32
    /// Bits per second. On the wire it is an 18-bit mantissa and 6-bit exponent, so a value
    /// needing more than 18 significant bits is rounded down when marshaled.
    public var bitrate: UInt64
    public var ssrcs: [UInt32]

    public init(senderSSRC: UInt32, mediaSSRC: UInt32 = 0, bitrate: UInt64, ssrcs: [UInt32]) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.bitrate = bitrate
        self.ssrcs = ssrcs
    }

    /// True when a PSFB FMT 15 body carries the REMB identifier (other AFB uses exist).
    static func isREMB(body: UnsafeRawBufferPointer) -> Bool {
        body.count >= RTCPFeedbackSources.size + 4 && body[8..<12].elementsEqual(identifier)
    }

    /// Mantissa and exponent with mantissa < 2^18, rounding the bitrate down.
    var mantissaAndExponent: (mantissa: UInt32, exponent: UInt8) {
        var mantissa = bitrate
        var exponent: UInt8 = 0
        while mantissa >= 1 << 18 {
            mantissa >>= 1
            exponent += 1
        }
        return (UInt32(mantissa), exponent)
    }

    public var marshaledSize: Int { packetSize }
    public init(unmarshaling packet: UnsafeRawBufferPointer) throws(RTCPError) {
        self = try Self.unmarshalPacket(packet, format: Self.format)
    }
    public func marshal(into buffer: UnsafeMutableRawBufferPointer) throws(RTCPError) -> Int { try marshalPacket(into: buffer) }

    var headerCount: UInt8 { Self.format }
    var bodySize: Int { RTCPFeedbackSources.size + 8 + 4 * ssrcs.count }

    func validate() throws(RTCPError) {
        guard ssrcs.count <= 255 else { throw .rfc3550CountOutOfRange(ssrcs.count) }
    }

    func writeBody(into writer: inout NetworkByteWriter) {
        RTCPFeedbackSources.write(sender: senderSSRC, media: mediaSSRC, into: &writer)
        writer.write(Self.identifier)
        writer.write(UInt8(ssrcs.count))
        let (mantissa, exponent) = mantissaAndExponent
        writer.writeUInt24(UInt32(exponent) << 18 | mantissa)
        for ssrc in ssrcs { writer.write(ssrc) }
    }

    init(headerCount: UInt8, body: UnsafeRawBufferPointer) throws(RTCPError) {
        var reader = NetworkByteReader(body)
        let sources = try RTCPFeedbackSources.read(&reader)
        guard Self.isREMB(body: body), reader.skip(4), let count = reader.readUInt8(), let field = reader.readUInt24()
        else { throw .rembTruncated }
        let exponent = UInt64(field >> 18)
        let mantissa = UInt64(field & 0x3_FFFF)
        guard mantissa == 0 || exponent <= UInt64(mantissa.leadingZeroBitCount) else { throw .rembBitrateOverflow }
        var ssrcs: [UInt32] = []
        for _ in 0..<count {
            guard let ssrc = reader.readUInt32() else { throw .rembTruncated }
            ssrcs.append(ssrc)
        }
        self.init(senderSSRC: sources.sender, mediaSSRC: sources.media, bitrate: mantissa << exponent, ssrcs: ssrcs)
    }
}
