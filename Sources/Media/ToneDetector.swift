#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds which of a few known tones a stretch of decoded audio carries, with the
/// Goertzel algorithm: one tuned filter per candidate frequency, far cheaper than an
/// FFT when only a handful of frequencies matter and exact at any frequency, not only
/// at FFT bin centres.
public struct ToneDetector: Sendable {
    /// What was heard: the strongest candidate and how much of the signal's energy it holds.
    public struct Detection: Sendable, Equatable {
        public var frequency: Double
        /// Energy at `frequency` over the total energy (about 1 for a clean sine).
        public var share: Double
    }

    public let candidates: [Double]
    /// Smallest energy share that counts as hearing a tone rather than noise or a mix.
    public let minimumShare: Double

    public init(candidates: [Double] = ToneSource.defaultFrequencies, minimumShare: Double = 0.6) {
        self.candidates = candidates
        self.minimumShare = minimumShare
    }

    /// The candidate tone in one channel of interleaved `samples`, or nil when no
    /// candidate holds `minimumShare` of the energy (silence, noise, a frequency step in
    /// the middle of the window). Use windows of 10 ms or more.
    public func detect(in samples: ArraySlice<Int16>, channelCount: Int = 1, channel: Int = 0) -> Detection? {
        let energy = Self.energy(of: samples, channelCount: channelCount, channel: channel)
        guard energy > 0 else { return nil }
        var best: Detection?
        for frequency in candidates {
            let share = Self.goertzelPower(at: frequency, in: samples, channelCount: channelCount, channel: channel) / energy
            if share > (best?.share ?? 0) { best = Detection(frequency: frequency, share: share) }
        }
        guard let best, best.share >= minimumShare else { return nil }
        return best
    }

    /// Convenience for one decoded block (first channel).
    public func detect(in block: AudioFrame) -> Detection? {
        detect(in: block.samples[...], channelCount: block.channelCount)
    }

    /// Power of one channel at `frequency`, scaled so that a pure sine at that frequency
    /// gives the same value as `energy(of:)` (the sum of squared samples).
    public static func goertzelPower(at frequency: Double, in samples: ArraySlice<Int16>,
                                     channelCount: Int, channel: Int) -> Double {
        let coefficient = 2 * cos(2 * Double.pi * frequency / Double(AudioFrame.sampleRate))
        var previous = 0.0, beforePrevious = 0.0
        var count = 0
        var index = samples.startIndex + channel
        while index < samples.endIndex {
            let current = Double(samples[index]) + coefficient * previous - beforePrevious
            beforePrevious = previous
            previous = current
            count += 1
            index += channelCount
        }
        guard count > 0 else { return 0 }
        let power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
        return 2 * power / Double(count)
    }

    /// Sum of squared samples of one channel.
    public static func energy(of samples: ArraySlice<Int16>, channelCount: Int, channel: Int) -> Double {
        var sum = 0.0
        var index = samples.startIndex + channel
        while index < samples.endIndex {
            let value = Double(samples[index])
            sum += value * value
            index += channelCount
        }
        return sum
    }
}
