/// What a caller wants from a microphone. The rate and sample format are fixed by
/// PeerCam (48 kHz, signed 16-bit, what Opus and `AudioFrame` use).
public struct AudioCaptureRequest: Sendable, Codable, Equatable {
    /// An ALSA PCM name: `default`, `hw:1,0`, `plughw:CARD=Loopback,DEV=1`.
    /// `plughw:` lets ALSA convert rate and format for hardware that lacks 48 kHz s16.
    public var device: String
    /// 1 or 2.
    public var channelCount: Int
    /// Length of each delivered `AudioFrame` and of the ALSA period: 10 or 20 ms.
    public var blockMilliseconds: Int
    /// Periods in the ALSA ring buffer: how long a stalled reader can fall behind before an overrun.
    public var periodCount: Int

    public init(device: String = "default", channelCount: Int = 1, blockMilliseconds: Int = 20, periodCount: Int = 4) {
        self.device = device
        self.channelCount = channelCount
        self.blockMilliseconds = blockMilliseconds
        self.periodCount = periodCount
    }

    /// Samples per channel in one block.
    public var samplesPerBlock: Int { 48 * blockMilliseconds }
}
