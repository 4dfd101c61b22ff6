/// One Opus packet taken out of RTP.
public struct OpusRTPFrame: Equatable, Sendable {
    public var opusPacket: [UInt8]
    public var rtpTimestamp: UInt32
    /// Samples per channel at 48 kHz this packet decodes to.
    public var samplesPerChannel: Int
    /// Samples per channel missing between the previous packet and this one (lost packets or
    /// DTX), for a decoder that conceals them; 0 when contiguous or for the first packet.
    public var gapSamples: Int
}

/// Takes Opus packets out of RTP (RFC 7587 §4.2) and notices timestamp gaps.
public struct OpusRTPDepayloader: Sendable {
    private var expectedTimestamp: UInt32?

    public init() {}

    public mutating func depayload(_ packet: RTPPacket) throws(OpusRTPError) -> OpusRTPFrame {
        let samples = try OpusPacketDuration.samples(in: packet.payload)
        let timestamp = packet.header.timestamp
        var gap = 0
        if let expectedTimestamp {
            gap = max(0, Int(RTPTimestampUnwrapper.distance(from: expectedTimestamp, to: timestamp)))
        }
        expectedTimestamp = timestamp &+ UInt32(samples)
        return OpusRTPFrame(opusPacket: packet.payload, rtpTimestamp: timestamp, samplesPerChannel: samples, gapSamples: gap)
    }
}
