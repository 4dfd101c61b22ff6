/// Why an RTCP packet could not be parsed or marshaled; each case names the rule it enforces.
public enum RTCPError: Error, Equatable, Sendable {
    /// RFC 3550 §6.4.1: the version field must be 2.
    case rfc3550VersionNotTwo(UInt8)
    /// RFC 3550 §6.4.1: the common header is four bytes.
    case rfc3550HeaderTruncated(available: Int)
    /// RFC 3550 §6.4.1: the length field announces more bytes than the buffer holds.
    case rfc3550LengthBeyondBuffer(declared: Int, available: Int)
    /// A single packet was expected but the buffer holds more than its length field covers.
    case rfc3550TrailingBytes(declared: Int, available: Int)
    /// RFC 3550 §6.4.1: with P set, the last octet counts the padding and is not zero.
    case rfc3550PaddingCountZero
    /// RFC 3550 §6.4.1: the padding count is larger than the packet body.
    case rfc3550PaddingBeyondPacket(padding: Int, available: Int)
    /// RFC 3550 §6.4.1: "padding ... only on the last individual packet" of a compound.
    case rfc3550PaddingNotInLastPacket
    /// RFC 3550 §6.1 / A.2: a (non reduced-size) compound packet starts with SR or RR.
    case rfc3550CompoundMustStartWithReport(packetType: UInt8)
    /// RFC 3550 §6.1: a compound packet holds at least one packet.
    case rfc3550CompoundEmpty
    /// The packet is not of the type (or feedback format) the parser was asked for.
    case unexpectedPacketType(expected: UInt8, format: UInt8?, received: UInt8, receivedFormat: UInt8)
    /// RFC 3550 §6.4: report blocks (or SSRC/CSRC lists) run past the packet body.
    case rfc3550ReportBlocksTruncated(count: Int)
    /// RFC 3550 §6.4: RC/SC is five bits, so at most 31 report blocks, chunks or sources.
    case rfc3550CountOutOfRange(Int)
    /// RFC 3550 §6.4.1: cumulative number of packets lost is a signed 24-bit value.
    case rfc3550CumulativeLostOutOfRange(Int32)
    /// RFC 3550 §6.5: an SDES chunk or item runs past the packet body.
    case rfc3550SDESChunkTruncated
    /// RFC 3550 §6.5: "the list of items in each chunk MUST be terminated by one or more null octets".
    case rfc3550SDESChunkNotTerminated
    /// RFC 3550 §6.5: an item's text is at most 255 octets; type 0 is the terminator.
    case rfc3550SDESItemInvalid(type: UInt8, length: Int)
    /// RFC 3550 §6.6: the BYE reason length runs past the packet body, or exceeds 255 octets.
    case rfc3550BYEReasonInvalid
    /// RFC 3550 §6.4.1/§6.7: packet bodies (profile extensions, APP data) are 32-bit words.
    case rfc3550BodyNotWordAligned(Int)
    /// RFC 4585 §6.1: a feedback message has sender and media SSRC (8 bytes) at least.
    case rfc4585FeedbackTruncated
    /// RFC 4585 §6.2.1: generic NACK FCI entries are 4 bytes each.
    case rfc4585NACKEntryTruncated
    /// RFC 5104 §4.3.1.1: FIR FCI entries are 8 bytes each.
    case rfc5104FIREntryTruncated
    /// draft-alvestrand-rmcat-remb-03 §2.2: unique identifier "REMB", counts, bitrate, SSRCs.
    case rembTruncated
    /// draft-alvestrand-rmcat-remb-03 §2.2: mantissa × 2^exp does not fit in 64 bits.
    case rembBitrateOverflow
    /// draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: chunks or deltas run past
    /// the body, or the status count is not covered by the chunks.
    case twccTruncated
    /// draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.1: status symbol 3 (the
    /// draft's "received without delta") is never sent by libwebrtc, which rejects feedback
    /// containing it; so do we, rather than guess how many delta bytes follow.
    case twccReservedSymbol
    /// draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.5: a receive delta does not fit
    /// its symbol (small: 0–255 × 250 µs, large: signed 16 bits).
    case twccDeltaOutOfRange(Int64)
    /// draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: packet status count is 16 bits.
    case twccTooManyPackets(Int)
    /// RFC 3550 §6.4.1: the length field is 16 bits of 32-bit words.
    case rfc3550PacketTooLong(Int)
    /// The caller's buffer cannot hold the marshaled packet.
    case bufferTooSmall(needed: Int, available: Int)
}
