/// What one peer's sender did, as a snapshot (`PeerMediaSender.statistics`): the per-peer
/// part of the connection statistics of issue 5 item 6 and of `/metrics` (issue 6).
public struct PeerMediaSenderStatistics: Sendable, Equatable {
    /// Subscribed to the stream and sending (connected, not ended).
    public var isSending = false
    public var videoPacketsSent = 0
    public var videoBytesSent = 0
    public var audioPacketsSent = 0
    public var audioBytesSent = 0
    /// Packets the connection refused to send (closing, SRTP or ICE errors).
    public var sendFailures = 0
    /// Packets of a kind this peer did not negotiate (audio to a video-only viewer).
    public var packetsNotNegotiated = 0
    public var senderReportsSent = 0
    /// RTCP datagrams from the peer that did not parse, counted instead of dropped silently.
    public var malformedRTCP = 0
    /// Generic NACK messages received, sequence numbers they asked for, packets resent.
    public var nacksReceived = 0
    public var packetsRequested = 0
    public var retransmissions = 0
    public var retransmittedBytes = 0
    /// Requests not answered: the packet had left the history, or was resent less than an RTT ago.
    public var requestsNotInHistory = 0
    public var requestsRateLimited = 0
    public var picturesLossIndications = 0
    public var fullIntraRequests = 0
    /// Round-trip time from the peer's reports about our SRs (RFC 3550 §6.4.1), smoothed.
    public var roundTripTime: Duration?
    /// The peer's latest fraction lost (0…1) and cumulative loss, from its video report blocks.
    public var fractionLost: Double = 0
    public var cumulativeLost = 0
    /// Interarrival jitter the peer reports, in video clock ticks.
    public var jitter: UInt32 = 0
    /// transport-cc and its header extension negotiated: packets carry transport-wide
    /// numbers and the peer's TWCC feedback drives the delay-based estimate.
    public var usesTransportWideFeedback = false
    /// Packets (media and resends) sent with a transport-wide sequence number.
    public var transportWidePacketsSent = 0
    /// TWCC feedback messages received from the peer.
    public var transportWideFeedbacksReceived = 0
    /// This peer's bitrate estimate (bits/s) and the stream-wide encoder target.
    public var estimatedBitrate = 0
    public var encoderTargetBitrate = 0

    public init() {}
}
