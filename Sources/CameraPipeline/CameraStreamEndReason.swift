/// Why a camera stream ended every subscription at once. The agent turns it into the
/// `stream:ended {reason}` signaling message.
public enum CameraStreamEndReason: Sendable, Hashable {
    /// The video source failed (camera unplugged, V4L2 read error): nothing more to send.
    case cameraGone
    /// The audio source failed (microphone unplugged, ALSA error). Only the audio stops:
    /// reported through `CameraStream.lastAudioFailure`, never to subscribers.
    case microphoneGone
    /// The H264 or Opus encoder failed or refused the source's frames.
    case encoderFailed
    /// The agent ended the stream on purpose (shutdown, configuration change).
    case stopped
}
