/// Carries Opus packets in RTP as RFC 7587 specifies: one Opus packet per RTP payload, the
/// timestamp on a 48 kHz clock advancing by the packet's duration.
/// See https://www.rfc-editor.org/rfc/rfc7587#section-4
public struct OpusRTPPayloader: Sendable {
    /// RFC 7587 §4.1: always 48000, whatever the encoder's internal sampling rate.
    public static let clockRate = 48_000

    /// Timestamp the next packet gets.
    public private(set) var nextTimestamp: UInt32
    /// Set once a gap was skipped, so the next packet carries the marker (RFC 3551 §4.1:
    /// first packet of a talkspurt after discontinuous transmission).
    private var startsTalkspurt = true

    public init(initialTimestamp: UInt32) {
        nextTimestamp = initialTimestamp
    }

    /// The RTP packet for `opusPacket`; the payload is the Opus packet unchanged.
    public mutating func packetize(opusPacket: [UInt8], sequencer: inout RTPSequencer) throws(OpusRTPError) -> RTPPacket {
        let samples = try OpusPacketDuration.samples(in: opusPacket)
        let header = sequencer.nextHeader(timestamp: nextTimestamp, marker: startsTalkspurt)
        startsTalkspurt = false
        nextTimestamp &+= UInt32(samples)
        return RTPPacket(header: header, payload: opusPacket)
    }

    /// Records that the encoder sent nothing for `samples` (DTX silence): the clock keeps
    /// running and the next packet starts a talkspurt.
    public mutating func skip(samples: Int) {
        nextTimestamp &+= UInt32(truncatingIfNeeded: samples)
        startsTalkspurt = true
    }
}
