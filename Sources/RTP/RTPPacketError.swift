/// Why an RTP packet could not be parsed or marshaled; each case names the rule it enforces.
public enum RTPPacketError: Error, Equatable, Sendable {
    /// RFC 3550 §5.1: the version field must be 2.
    case rfc3550VersionNotTwo(UInt8)
    /// RFC 3550 §5.1: fewer bytes than the fixed header plus the CSRC list announce.
    case rfc3550HeaderTruncated(needed: Int, available: Int)
    /// RFC 3550 §5.3.1: the header extension length runs past the end of the packet.
    case rfc3550ExtensionTruncated(needed: Int, available: Int)
    /// RFC 3550 §5.3.1: generic extension data is counted in 32-bit words.
    case rfc3550ExtensionNotWordAligned(length: Int)
    /// RFC 3550 §5.1: the P bit is set but the last octet (the padding count) is zero.
    case rfc3550PaddingCountZero
    /// RFC 3550 §5.1: the padding count is larger than what follows the header.
    case rfc3550PaddingBeyondPayload(padding: Int, available: Int)
    /// RFC 3550 §5.1: padding is counted by one octet, so at most 255 bytes.
    case rfc3550PaddingSizeOutOfRange(Int)
    /// RFC 3550 §5.1: CC is four bits, so at most 15 CSRCs.
    case rfc3550TooManyCSRCs(Int)
    /// RFC 3550 §5.1: the payload type is seven bits.
    case rfc3550PayloadTypeOutOfRange(UInt8)
    /// RFC 8285 §4.2/§4.3: an element's length runs past the end of the extension block.
    case rfc8285ElementBeyondExtension(id: UInt8)
    /// RFC 8285 §4.2 (one-byte: 1–14) / §4.3 (two-byte: 1–255).
    case rfc8285ElementIDOutOfRange(id: UInt8)
    /// RFC 8285 §4.2 (one-byte: 1–16 bytes) / §4.3 (two-byte: 0–255 bytes).
    case rfc8285ElementLengthOutOfRange(id: UInt8, length: Int)
    /// RFC 4588 §4: an RTX payload starts with the two-byte original sequence number.
    case rfc4588MissingOriginalSequenceNumber
    /// The caller's buffer cannot hold the marshaled packet.
    case bufferTooSmall(needed: Int, available: Int)
}
