import RTP

/// How a `VideoReceiver` treats its H264 stream.
public struct VideoReceiverConfiguration: Sendable {
    public var stream: ReceiverStreamParameters
    /// Reorder/jitter buffer wait while nothing arrives late; grows up to `maximumDelay`
    /// with observed lateness, jitter and round-trip time.
    public var minimumDelay: Duration
    public var maximumDelay: Duration
    /// NACK retries and limits (RFC 4585 §6.2.1); `nil` turns NACK off (not negotiated).
    public var nack: RTPNACKGenerator.Configuration?
    /// Shortest time between two PLIs (RFC 4585 §6.3.1).
    public var pictureLossIndicationInterval: Duration
    /// A viewer that joined and has seen no keyframe this long after the first packet
    /// asks for one: the camera normally sends an IDR to a new viewer unasked.
    public var joinKeyframeWait: Duration

    public init(stream: ReceiverStreamParameters, minimumDelay: Duration = .milliseconds(40),
                maximumDelay: Duration = .milliseconds(500),
                nack: RTPNACKGenerator.Configuration? = RTPNACKGenerator.Configuration(),
                pictureLossIndicationInterval: Duration = .milliseconds(500),
                joinKeyframeWait: Duration = .milliseconds(300)) {
        self.stream = stream
        self.minimumDelay = minimumDelay
        self.maximumDelay = maximumDelay
        self.nack = nack
        self.pictureLossIndicationInterval = pictureLossIndicationInterval
        self.joinKeyframeWait = joinKeyframeWait
    }
}
