import H264
import Media
import Opus

/// Everything a `CameraStream` needs that negotiation and the agent's configuration decide.
public struct CameraStreamConfiguration: Sendable {
    /// Name of the stream ("main"), for logs and metrics labels.
    public var name: String
    public var video: CameraStreamRTPParameters
    /// Size, frame rate and initial bitrate; the source must deliver this size.
    public var videoEncoder: H264EncoderConfiguration
    /// nil for a stream without audio.
    public var audio: CameraStreamRTPParameters?
    public var audioEncoder: OpusEncoderConfiguration
    /// Largest RTP payload (before the RTP header and SRTP tag); 1200 fits any path.
    public var maximumPayloadSize: Int
    /// Issue 6: at most this many subscribers per stream (default 8).
    public var subscriberLimit: Int
    /// At most one viewer-requested IDR (PLI/FIR) per this span of capture time; a joining
    /// viewer's IDR is not held back.
    public var keyframeRequestInterval: MediaDuration

    public init(name: String = "main",
                video: CameraStreamRTPParameters,
                videoEncoder: H264EncoderConfiguration,
                audio: CameraStreamRTPParameters? = nil,
                audioEncoder: OpusEncoderConfiguration = OpusEncoderConfiguration(),
                maximumPayloadSize: Int = 1200,
                subscriberLimit: Int = 8,
                keyframeRequestInterval: MediaDuration = .milliseconds(500)) {
        self.name = name
        self.video = video
        self.videoEncoder = videoEncoder
        self.audio = audio
        self.audioEncoder = audioEncoder
        self.maximumPayloadSize = maximumPayloadSize
        self.subscriberLimit = subscriberLimit
        self.keyframeRequestInterval = keyframeRequestInterval
    }
}
