/// How an `AudioReceiver` treats its Opus stream.
public struct AudioReceiverConfiguration: Sendable {
    public var stream: ReceiverStreamParameters
    /// Channels to decode to (1 or 2; `opus/48000/2` in SDP always says 2, the
    /// `stereo` fmtp parameter says what the sender means).
    public var channelCount: Int
    /// Reorder/jitter buffer bounds; audio waits less than video, PLC/FEC fill the holes.
    public var minimumDelay: Duration
    public var maximumDelay: Duration
    /// Longest gap filled with concealment; a longer one is a pause (DTX or a stalled
    /// sender) and is left as a gap instead of seconds of made-up sound.
    public var maximumConcealment: Duration

    public init(stream: ReceiverStreamParameters, channelCount: Int = 1, minimumDelay: Duration = .milliseconds(20),
                maximumDelay: Duration = .milliseconds(200), maximumConcealment: Duration = .milliseconds(500)) {
        self.stream = stream
        self.channelCount = channelCount
        self.minimumDelay = minimumDelay
        self.maximumDelay = maximumDelay
        self.maximumConcealment = maximumConcealment
    }
}
