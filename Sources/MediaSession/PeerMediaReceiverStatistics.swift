/// The transport side of a receiving session, as a snapshot (`PeerMediaReceiver.statistics`);
/// decoding figures (frames, loss, jitter, NACKs, PLIs) are the consumer's own statistics.
public struct PeerMediaReceiverStatistics: Sendable, Equatable {
    public var rtpPacketsReceived = 0
    public var rtpBytesReceived = 0
    public var rtcpPacketsReceived = 0
    /// Packets refused because the worker fell `queueCapacity` packets behind: counted, and the
    /// consumer's NACK/PLI machinery treats them as lost.
    public var packetsDroppedQueueFull = 0
    public var rtcpPacketsSent = 0
    public var rtcpBytesSent = 0
    /// RTCP the connection refused to send (closing, SRTP or ICE errors).
    public var rtcpSendFailures = 0
    /// The deepest the hand-off queue has been.
    public var queueHighWater = 0

    public init() {}
}
