import RTCP

/// The bitrate one peer can take, from everything that peer reports:
/// `min(loss-based, delay-based, REMB)`, clamped to the configured range.
///
/// - Loss-based (`LossBasedBitrateEstimator`) from every RR/SR report block about the stream;
///   always on, since every WebRTC receiver sends reports.
/// - Delay-based (`DelayBasedBitrateEstimator`) from TWCC feedback, only when `transport-cc`
///   was negotiated (`usesTransportWideFeedback`); otherwise it does not limit.
/// - REMB (Chrome without transport-cc) is an upper bound the receiver computed itself; the
///   latest value holds until a new one arrives.
///
/// After each update both estimators are capped at the combined result (as GCC bounds its
/// sender-side estimate by the receiver's), so when a tighter limit lifts they grow again from
/// the rate in use instead of jumping to a stale higher value.
public struct PeerBitrateController: Sendable {
    public let range: ClosedRange<Int>
    public let usesTransportWideFeedback: Bool
    /// The stream's SSRC: loss reports must name it (the RTX stream's loss says nothing
    /// about the path that the media stream's does not).
    public let mediaSSRC: UInt32
    /// The RTX stream's SSRC, which a REMB may name instead.
    public let retransmissionSSRC: UInt32?
    public private(set) var loss: LossBasedBitrateEstimator
    public private(set) var delay: DelayBasedBitrateEstimator
    /// The latest REMB bitrate, if the peer sends REMB.
    public private(set) var receiverEstimate: Int?
    /// The combined estimate, bits per second.
    public private(set) var bitrate: Int

    /// Report blocks and REMB messages about other SSRCs than the stream's are ignored.
    public init(initialBitrate: Int, range: ClosedRange<Int>, usesTransportWideFeedback: Bool, mediaSSRC: UInt32,
                retransmissionSSRC: UInt32? = nil) {
        self.range = range
        self.usesTransportWideFeedback = usesTransportWideFeedback
        self.mediaSSRC = mediaSSRC
        self.retransmissionSSRC = retransmissionSSRC
        self.loss = LossBasedBitrateEstimator(initialBitrate: initialBitrate, range: range)
        self.delay = DelayBasedBitrateEstimator(initialBitrate: initialBitrate, range: range)
        self.bitrate = loss.bitrate
    }

    /// A report block (from an RR or an SR) received at `now`.
    @discardableResult
    public mutating func receivedReceptionReport(_ block: RTCPReceptionReport, at now: Duration) -> Int {
        guard block.ssrc == mediaSSRC else { return bitrate }
        loss.receivedReport(fractionLost: block.fractionLost, at: now)
        return combine()
    }

    /// A TWCC feedback message received at `now` (ignored unless transport-cc is in use).
    @discardableResult
    public mutating func receivedTransportWideFeedback(_ feedback: RTCPTransportWideFeedback, at now: Duration) -> Int {
        guard usesTransportWideFeedback else { return bitrate }
        delay.receivedFeedback(feedback, at: now)
        return combine()
    }

    /// A REMB message; applies when it names one of this stream's SSRCs (or none at all).
    @discardableResult
    public mutating func receivedEstimatedMaximumBitrate(_ remb: RTCPReceiverEstimatedMaximumBitrate) -> Int {
        guard remb.ssrcs.isEmpty || remb.ssrcs.contains(where: { $0 == mediaSSRC || $0 == retransmissionSSRC }) else { return bitrate }
        receiverEstimate = Int(clamping: remb.bitrate)
        return combine()
    }

    /// Records a packet carrying a transport-wide sequence number, for the delay estimate.
    public mutating func packetSent(transportSequenceNumber: UInt16, size: Int, at now: Duration) {
        guard usesTransportWideFeedback else { return }
        delay.packetSent(transportSequenceNumber: transportSequenceNumber, size: size, at: now)
    }

    private mutating func combine() -> Int {
        var combined = loss.bitrate
        if usesTransportWideFeedback { combined = min(combined, delay.bitrate) }
        if let receiverEstimate { combined = min(combined, receiverEstimate) }
        combined = min(max(combined, range.lowerBound), range.upperBound)
        loss.limit(to: combined)
        delay.limit(to: combined)
        bitrate = combined
        return combined
    }
}
