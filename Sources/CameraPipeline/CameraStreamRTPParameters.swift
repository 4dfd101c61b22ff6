import RTP

/// What SDP negotiation fixed for one of the stream's RTP streams (RFC 3550 §5.1 fields).
///
/// Every viewer of one stream gets the same packets, so one set of parameters serves them
/// all: the camera offers, and the agent keeps the SSRCs and payload types it offered
/// identical across viewers.
public struct CameraStreamRTPParameters: Sendable, Equatable {
    public var ssrc: UInt32
    public var payloadType: UInt8
    /// 90 000 for H264 (RFC 6184 §8.2.1), 48 000 for Opus (RFC 7587 §4.1).
    public var clockRate: Int
    /// First sequence number; RFC 3550 §5.1 wants it random.
    public var initialSequenceNumber: UInt16
    /// Added to every timestamp; RFC 3550 §5.1 wants it random.
    public var timestampOffset: UInt32
    /// Placed on every packet (for example the `mid` element when BUNDLE was negotiated).
    public var headerExtension: RTPHeaderExtension?

    public init(ssrc: UInt32, payloadType: UInt8, clockRate: Int,
                initialSequenceNumber: UInt16 = .random(in: .min ... .max),
                timestampOffset: UInt32 = .random(in: .min ... .max),
                headerExtension: RTPHeaderExtension? = nil) {
        self.ssrc = ssrc
        self.payloadType = payloadType
        self.clockRate = clockRate
        self.initialSequenceNumber = initialSequenceNumber
        self.timestampOffset = timestampOffset
        self.headerExtension = headerExtension
    }
}
