/// A block of 48 kHz PCM audio: signed 16-bit samples, interleaved by channel.
///
/// Sources deliver 10–20 ms blocks; the Opus encoder consumes 20 ms (960 samples
/// per channel). Reused in place the same way as `VideoFrame`.
public struct AudioFrame: Sendable {
    public static let sampleRate = 48_000

    public let channelCount: Int
    /// Interleaved samples: `samplesPerChannel * channelCount` values.
    public var samples: [Int16]
    /// Capture time of the first sample, on the monotonic clock.
    public var timestamp: MediaTime
    /// Position in the source's sequence of blocks, counting from 0 with no gaps.
    public var sequenceNumber: UInt64

    /// Silence of the given length.
    public init(channelCount: Int, samplesPerChannel: Int, timestamp: MediaTime = .zero, sequenceNumber: UInt64 = 0) {
        precondition(channelCount == 1 || channelCount == 2, "PeerCam audio is mono or stereo, got \(channelCount) channels")
        self.channelCount = channelCount
        self.samples = [Int16](repeating: 0, count: samplesPerChannel * channelCount)
        self.timestamp = timestamp
        self.sequenceNumber = sequenceNumber
    }

    public var samplesPerChannel: Int { samples.count / channelCount }

    public var duration: MediaDuration {
        MediaDuration(nanoseconds: UInt64(samplesPerChannel) * 1_000_000_000 / UInt64(Self.sampleRate))
    }
}
