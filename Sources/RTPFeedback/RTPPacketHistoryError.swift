import RTP

/// Why a packet could not be stored in an `RTPPacketHistory`.
public enum RTPPacketHistoryError: Error, Equatable, Sendable {
    /// The bytes are not a valid RTP packet.
    case malformedPacket(RTPPacketError)
    /// RFC 3550 §8: one SSRC per stream; a history holds exactly one stream.
    case rfc3550ForeignSSRC(expected: UInt32, received: UInt32)
    /// RFC 3550 §5.1: a sender's sequence numbers increase by one per packet; a packet that is
    /// not newer than the last one stored would make lookups ambiguous.
    case rfc3550SequenceNumberNotAdvancing(sequenceNumber: UInt16, newest: UInt16)
    /// The packet alone exceeds `maximumBytes`.
    case packetLargerThanHistory(size: Int, maximumBytes: Int)
}
