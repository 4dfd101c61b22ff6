#if canImport(Glibc)
import Glibc
#endif
import AudioCapture
import Media

/// Captures from a microphone, forces an overrun by not reading for a while, and checks
/// the stream went on: the counts, gap-free sequence numbers, timestamps that follow on.
enum AudioCheck {
    struct Outcome {
        var samples: UInt64
        var seconds: Double
        var samplesAfterOverrun: UInt64
        var statistics: AudioCaptureStatistics
        var periodSize: Int
        var toneHertz: Double
        var peak: Int
        var reallocations: Int
    }

    static func run(_ options: CaptureCheckOptions) throws -> Outcome {
        let microphone = try ALSACaptureSession(request: AudioCaptureRequest(
            device: options.audioDevice, channelCount: options.audioChannels, blockMilliseconds: 20))
        var block = microphone.makeFrame()
        let blocks = Int((options.audioSeconds * 50).rounded(.up))
        var samples: UInt64 = 0
        var expectedNext: MediaTime?
        var timelineBreaks: UInt64 = 0
        var tone = ToneMeter()
        var storage = StorageMoveCounter(block.samples)
        for index in 0..<blocks {
            try microphone.read(into: &block, timeout: .milliseconds(2000))
            try requireSequence(block.sequenceNumber, index, "audio block")
            // Contiguous unless audio was lost (an overrun on a starved VM) or the timeline
            // had to follow the monotonic clock; both are counted.
            let breaks = microphone.statistics.clockResyncs + microphone.statistics.overruns
            if let expectedNext, block.timestamp != expectedNext, breaks == timelineBreaks {
                throw CaptureCheckFailure("audio block \(index) at \(block.timestamp), expected \(expectedNext)")
            }
            timelineBreaks = breaks
            expectedNext = block.timestamp + block.duration
            samples += UInt64(block.samplesPerChannel)
            tone.measure(block)
            storage.note(block.samples)
        }
        // Stall for several ring buffers: ALSA must overrun, the session must recover.
        usleep(UInt32(max(microphone.bufferSize, 1) * 1_000_000 / AudioFrame.sampleRate * 4))
        var after: UInt64 = 0
        for _ in 0..<25 {
            try microphone.read(into: &block, timeout: .milliseconds(2000))
            after += UInt64(block.samplesPerChannel)
        }
        return Outcome(samples: samples, seconds: Double(samples) / Double(AudioFrame.sampleRate),
                       samplesAfterOverrun: after, statistics: microphone.statistics, periodSize: microphone.periodSize,
                       toneHertz: tone.hertz, peak: tone.peak, reallocations: storage.moves)
    }

    /// Plays a 1 kHz tone into `options.audioDevice` for `options.audioSeconds`, so the
    /// capture side of snd-aloop carries a signal the check can recognise.
    static func playTone(_ options: CaptureCheckOptions) throws {
        let speaker = try ALSAPlaybackStream(request: AudioCaptureRequest(
            device: options.audioDevice, channelCount: options.audioChannels, blockMilliseconds: 20))
        var block = AudioFrame(channelCount: options.audioChannels, samplesPerChannel: 960)
        var phase = 0
        print("TONE_PLAYING \(options.audioDevice)")
        for _ in 0..<Int(options.audioSeconds * 50) {
            for index in 0..<block.samplesPerChannel {
                // 48 samples per period: exactly 1000 Hz.
                let value = Int16(8000 * sin(2 * Double.pi * Double(phase) / 48))
                phase = (phase + 1) % 48
                for channel in 0..<block.channelCount { block.samples[index * block.channelCount + channel] = value }
            }
            try speaker.write(block, timeout: .milliseconds(2000))
        }
    }

    /// Reads until the device fails (the test unbinds the driver meanwhile); see `UnplugCheck`.
    static func untilUnplugged(_ options: CaptureCheckOptions) -> String {
        UnplugCheck.run(kind: "audio", open: {
            let microphone = try ALSACaptureSession(request: AudioCaptureRequest(
                device: options.audioDevice, channelCount: options.audioChannels))
            var block = microphone.makeFrame()
            return { try microphone.read(into: &block, timeout: .milliseconds(2000)) }
        }, outcome: { error in
            switch error as? AudioCaptureError {
            case .deviceDisconnected: "deviceDisconnected"
            case .noAudioWithin: "noAudioWithin"
            default: "other"
            }
        })
    }
}

/// Estimates the frequency of channel 0 from upward zero crossings, and its peak.
struct ToneMeter {
    private var crossings = 0
    private var samples = 0
    private var previous: Int16 = 0
    private(set) var peak = 0

    mutating func measure(_ block: AudioFrame) {
        for index in stride(from: 0, to: block.samples.count, by: block.channelCount) {
            let sample = block.samples[index]
            if previous < 0 && sample >= 0 { crossings += 1 }
            previous = sample
            peak = max(peak, abs(Int(sample)))
        }
        samples += block.samplesPerChannel
    }

    var hertz: Double { samples == 0 ? 0 : Double(crossings) * Double(AudioFrame.sampleRate) / Double(samples) }
}
