/// Hands out RTP headers for one outgoing stream with consecutive sequence numbers.
///
/// RFC 3550 §5.1 asks for a random initial sequence number; the caller passes one in (this
/// module does no I/O and has no randomness source of its own).
public struct RTPSequencer: Sendable {
    public var ssrc: UInt32
    public var payloadType: UInt8
    /// Sequence number of the next header.
    public var nextSequenceNumber: UInt16
    /// Header extension placed on every header (for example a `mid` element).
    public var headerExtension: RTPHeaderExtension?

    public init(ssrc: UInt32, payloadType: UInt8, initialSequenceNumber: UInt16, headerExtension: RTPHeaderExtension? = nil) {
        self.ssrc = ssrc
        self.payloadType = payloadType
        self.nextSequenceNumber = initialSequenceNumber
        self.headerExtension = headerExtension
    }

    /// The header for the next packet; advances the sequence number (wrapping at 65535).
    public mutating func nextHeader(timestamp: UInt32, marker: Bool) -> RTPHeader {
        defer { nextSequenceNumber &+= 1 }
        return RTPHeader(marker: marker, payloadType: payloadType, sequenceNumber: nextSequenceNumber,
                         timestamp: timestamp, ssrc: ssrc, headerExtension: headerExtension)
    }
}
