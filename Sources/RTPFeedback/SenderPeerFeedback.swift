/// The feedback state one peer has with one outgoing stream: its NACK responder (RTX
/// numbering, resend rate limit), its sender reports and RTT, and its bitrate estimate.
///
/// Lives next to the peer connection; the stream-wide part (`SenderStreamFeedback`: packet
/// history, keyframe throttle, encoder target) is shared by every peer and receives this
/// value `inout` when the peer's RTCP arrives.
public struct SenderPeerFeedback: Sendable {
    /// The caller's identifier for the peer connection.
    public let peer: Int
    public var nackResponder: RTPNACKResponder
    public var senderReports: RTCPSenderReportGenerator
    public var bitrate: PeerBitrateController

    /// - Parameters:
    ///   - mediaSSRC: the stream's SSRC; `clockRate` its RTP clock.
    ///   - retransmission: the RTX stream negotiated with this peer, if any.
    ///   - usesTransportWideFeedback: `transport-cc` negotiated with this peer.
    ///   - bitrateRange: the encoder's range; the peer's estimate starts at `initialBitrate`.
    ///   - reportInterval: SR timing (seed it per peer so peers' reports do not bunch up).
    public init(peer: Int, mediaSSRC: UInt32, clockRate: Int, retransmission: RTPNACKResponder.RetransmissionStream? = nil,
                usesTransportWideFeedback: Bool = false, initialBitrate: Int, bitrateRange: ClosedRange<Int>,
                reportInterval: RTCPReportInterval = RTCPReportInterval()) {
        self.peer = peer
        self.nackResponder = RTPNACKResponder(configuration: .init(retransmission: retransmission))
        self.senderReports = RTCPSenderReportGenerator(ssrc: mediaSSRC, clockRate: clockRate, interval: reportInterval)
        self.bitrate = PeerBitrateController(initialBitrate: initialBitrate, range: bitrateRange,
                                             usesTransportWideFeedback: usesTransportWideFeedback, mediaSSRC: mediaSSRC,
                                             retransmissionSSRC: retransmission?.ssrc)
    }

    /// Records one media packet sent to this peer.
    ///
    /// - Parameters:
    ///   - transportSequenceNumber: the transport-wide sequence number written into this
    ///     peer's copy of the packet, when transport-cc is in use.
    ///   - size: the bytes on the wire (for the delay-based estimate's acknowledged rate).
    public mutating func packetSent(rtpTimestamp: UInt32, payloadBytes: Int, transportSequenceNumber: UInt16? = nil,
                                    size: Int, at now: Duration) {
        senderReports.packetSent(rtpTimestamp: rtpTimestamp, payloadBytes: payloadBytes, at: now)
        if let transportSequenceNumber {
            bitrate.packetSent(transportSequenceNumber: transportSequenceNumber, size: size, at: now)
        }
    }
}
