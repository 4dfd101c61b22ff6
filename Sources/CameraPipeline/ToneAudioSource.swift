import Media

/// `ToneSource` as an `AudioBlockSource`: each block is handed out when its last sample
/// would have been captured, like a sound card delivering periods.
public struct ToneAudioSource: AudioBlockSource {
    private var tone: ToneSource
    private let clock: any MediaPacingClock
    private let stop: CaptureStopSignal

    public init(channelCount: Int = 1, blockDuration: MediaDuration = .milliseconds(10),
                clock: any MediaPacingClock = MonotonicPacingClock(), stop: CaptureStopSignal) {
        tone = ToneSource(channelCount: channelCount, blockDuration: blockDuration, startTime: clock.now())
        self.clock = clock
        self.stop = stop
    }

    public var channelCount: Int { tone.channelCount }

    public mutating func nextBlock(into block: inout AudioFrame) throws -> Bool {
        let blockNanoseconds = UInt64(tone.samplesPerBlock) * 1_000_000_000 / UInt64(AudioFrame.sampleRate)
        let due = tone.startTime + MediaDuration(nanoseconds: (tone.nextSequenceNumber + 1) * blockNanoseconds)
        guard clock.sleep(until: due, unlessRaised: stop) else { return false }
        tone.nextBlock(into: &block)
        return true
    }
}
