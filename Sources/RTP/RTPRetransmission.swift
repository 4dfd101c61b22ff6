/// RTX packets (RFC 4588 §4): a retransmission sent on its own SSRC and payload type, with
/// the original sequence number (OSN) in front of the original payload.
///
/// A separate stream keeps the receiver's loss and jitter statistics of the media stream
/// honest and lets the sender pace retransmissions on their own sequence numbers.
/// See https://www.rfc-editor.org/rfc/rfc4588#section-4
public enum RTPRetransmission {
    /// Builds the RTX packet for `original`.
    ///
    /// - Parameters:
    ///   - ssrc: the RTX stream's SSRC (`a=ssrc-group:FID` pairs it with the media SSRC).
    ///   - payloadType: the RTX payload type whose `apt` is the original's payload type.
    ///   - sequenceNumber: the RTX stream's own next sequence number.
    /// Timestamp, marker, CSRCs and header extensions are kept (§4: "the same as the original").
    public static func wrap(_ original: RTPPacket, ssrc: UInt32, payloadType: UInt8, sequenceNumber: UInt16) -> RTPPacket {
        var header = original.header
        header.ssrc = ssrc
        header.payloadType = payloadType
        header.sequenceNumber = sequenceNumber
        var payload: [UInt8] = []
        payload.reserveCapacity(2 + original.payload.count)
        payload.append(UInt8(truncatingIfNeeded: original.header.sequenceNumber >> 8))
        payload.append(UInt8(truncatingIfNeeded: original.header.sequenceNumber))
        payload.append(contentsOf: original.payload)
        return RTPPacket(header: header, payload: payload)
    }

    /// Restores the original packet from an RTX packet, given the media stream's SSRC and
    /// payload type (from `a=fmtp:<rtx> apt=<pt>` and the SSRC group).
    public static func unwrap(_ rtx: RTPPacket, originalSSRC: UInt32, originalPayloadType: UInt8) throws(RTPPacketError) -> RTPPacket {
        guard rtx.payload.count >= 2 else { throw .rfc4588MissingOriginalSequenceNumber }
        var header = rtx.header
        header.ssrc = originalSSRC
        header.payloadType = originalPayloadType
        header.sequenceNumber = UInt16(rtx.payload[0]) << 8 | UInt16(rtx.payload[1])
        return RTPPacket(header: header, payload: Array(rtx.payload[2...]))
    }
}
