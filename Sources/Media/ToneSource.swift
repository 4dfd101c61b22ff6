#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A synthetic microphone: a sine tone whose frequency steps once a second through a
/// fixed list (440, 660, 880, 1100 Hz by default), for `make demo`, tests and
/// benchmarks when no sound card exists.
///
/// The step per second is the recognisable part: `ToneDetector` on decoded audio tells
/// which second of the signal it hears, so tests can check that audio arrived, is in
/// order and is not shifted by whole seconds. The phase runs on across steps, so there
/// are no clicks for the codec to smear. Block `n` is timestamped
/// `startTime + n × blockDuration`.
public struct ToneSource: Sendable {
    public static let defaultFrequencies: [Double] = [440, 660, 880, 1100]

    public let channelCount: Int
    public let samplesPerBlock: Int
    public let frequencies: [Double]
    /// Peak level as a fraction of full scale.
    public let amplitude: Double
    public let startTime: MediaTime
    /// Sequence number of the next block to come out.
    public private(set) var nextSequenceNumber: UInt64 = 0
    private var samplePosition: UInt64 = 0
    private var phase = 0.0

    /// - Parameters:
    ///   - blockDuration: 10 ms by default, like a capture period.
    public init(channelCount: Int = 1, blockDuration: MediaDuration = .milliseconds(10),
                frequencies: [Double] = ToneSource.defaultFrequencies, amplitude: Double = 0.5,
                startTime: MediaTime = .now()) {
        precondition(channelCount == 1 || channelCount == 2, "PeerCam audio is mono or stereo, got \(channelCount) channels")
        precondition(!frequencies.isEmpty, "a tone source needs at least one frequency")
        self.channelCount = channelCount
        samplesPerBlock = Int(blockDuration.nanoseconds * UInt64(AudioFrame.sampleRate) / 1_000_000_000)
        precondition(samplesPerBlock > 0, "a block must hold at least one sample")
        self.frequencies = frequencies
        self.amplitude = amplitude
        self.startTime = startTime
    }

    /// The frequency playing during second `second` of the signal.
    public func frequency(atSecond second: UInt64) -> Double {
        frequencies[Int(second % UInt64(frequencies.count))]
    }

    /// Fills `block` with the next `samplesPerBlock` samples (reusing its storage when it
    /// already has the right shape) and stamps its timestamp and sequence number.
    public mutating func nextBlock(into block: inout AudioFrame) {
        if block.channelCount != channelCount || block.samplesPerChannel != samplesPerBlock {
            block = AudioFrame(channelCount: channelCount, samplesPerChannel: samplesPerBlock)
        }
        let rate = UInt64(AudioFrame.sampleRate)
        block.timestamp = startTime + MediaDuration(nanoseconds: samplePosition * 1_000_000_000 / rate)
        block.sequenceNumber = nextSequenceNumber
        let peak = amplitude * 32767
        let channels = channelCount
        var position = samplePosition
        var phase = self.phase
        block.samples.withUnsafeMutableBufferPointer { samples in
            for frame in 0..<samplesPerBlock {
                let value = Int16((sin(phase) * peak).rounded())
                for channel in 0..<channels { samples[frame * channels + channel] = value }
                phase += 2 * Double.pi * frequency(atSecond: position / rate) / Double(rate)
                if phase > 2 * Double.pi { phase -= 2 * Double.pi }
                position += 1
            }
        }
        self.phase = phase
        samplePosition = position
        nextSequenceNumber += 1
    }

    /// A newly allocated next block; convenient in tests, `nextBlock(into:)` on hot paths.
    public mutating func nextBlock() -> AudioFrame {
        var block = AudioFrame(channelCount: channelCount, samplesPerChannel: samplesPerBlock)
        nextBlock(into: &block)
        return block
    }
}
