/// What a watch session receives: the negotiated streams and the viewer's own SSRC for
/// its RTCP.
public struct ViewerPipelineConfiguration: Sendable {
    /// The SSRC our RR, NACK and PLI packets carry as sender (RFC 3550 §6.4.2).
    public var localSSRC: UInt32
    public var video: VideoReceiverConfiguration?
    public var audio: AudioReceiverConfiguration?
    /// RFC 3550 §6.2 leaves the interval to the application; WebRTC stacks send about one
    /// report per second.
    public var receiverReportInterval: Duration

    public init(localSSRC: UInt32, video: VideoReceiverConfiguration?, audio: AudioReceiverConfiguration?,
                receiverReportInterval: Duration = .seconds(1)) {
        self.localSSRC = localSSRC
        self.video = video
        self.audio = audio
        self.receiverReportInterval = receiverReportInterval
    }
}
