/// Counters an audio capture session keeps so losses are visible, never silent.
public struct AudioCaptureStatistics: Sendable, Codable, Equatable {
    public var deliveredBlocks: UInt64 = 0
    /// Samples per channel delivered.
    public var deliveredSamples: UInt64 = 0
    /// Overruns (xruns) recovered from: the reader fell behind and ALSA dropped audio.
    public var overruns: UInt64 = 0
    /// Samples of a partly filled block thrown away when an overrun broke its continuity.
    public var discardedSamples: UInt64 = 0
    /// Times the timestamps jumped to follow the monotonic clock (sound-card clock drift).
    public var clockResyncs: UInt64 = 0

    public init() {}
}
