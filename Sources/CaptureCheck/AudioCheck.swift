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
    }

    static func run(_ options: CaptureCheckOptions) throws -> Outcome {
        let microphone = try ALSACaptureSession(request: AudioCaptureRequest(
            device: options.audioDevice, channelCount: options.audioChannels, blockMilliseconds: 20))
        var block = microphone.makeFrame()
        let blocks = Int((options.audioSeconds * 50).rounded(.up))
        var samples: UInt64 = 0
        var expectedNext: MediaTime?
        for index in 0..<blocks {
            try microphone.read(into: &block, timeout: .milliseconds(2000))
            guard block.sequenceNumber == UInt64(index) else {
                throw CaptureCheckFailure("audio block \(index) has sequence number \(block.sequenceNumber)")
            }
            if let expectedNext, block.timestamp != expectedNext {
                throw CaptureCheckFailure("audio block \(index) at \(block.timestamp), expected \(expectedNext)")
            }
            expectedNext = block.timestamp + block.duration
            samples += UInt64(block.samplesPerChannel)
        }
        // Stall for several ring buffers: ALSA must overrun, the session must recover.
        usleep(UInt32(max(microphone.bufferSize, 1) * 1_000_000 / AudioFrame.sampleRate * 4))
        var after: UInt64 = 0
        for _ in 0..<25 {
            try microphone.read(into: &block, timeout: .milliseconds(2000))
            after += UInt64(block.samplesPerChannel)
        }
        return Outcome(samples: samples, seconds: Double(samples) / Double(AudioFrame.sampleRate),
                       samplesAfterOverrun: after, statistics: microphone.statistics, periodSize: microphone.periodSize)
    }

    /// Reads until the device fails (the test unbinds the driver meanwhile) and reports how.
    static func untilUnplugged(_ options: CaptureCheckOptions) -> String {
        let start = MediaTime.now()
        var blocks = 0
        do {
            let microphone = try ALSACaptureSession(request: AudioCaptureRequest(
                device: options.audioDevice, channelCount: options.audioChannels))
            var block = microphone.makeFrame()
            print("UNPLUG_READY audio")
            while MediaTime.now().since(start).seconds < 20 {
                try microphone.read(into: &block, timeout: .milliseconds(2000))
                blocks += 1
            }
            return "UNPLUG_RESULT kind=audio outcome=still-streaming blocks=\(blocks)"
        } catch {
            let seconds = MediaTime.now().since(start).seconds
            let name: String = switch error {
            case .deviceDisconnected: "deviceDisconnected"
            case .noAudioWithin: "noAudioWithin"
            default: "other"
            }
            return "UNPLUG_RESULT kind=audio outcome=\(name) blocks=\(blocks) after=\(seconds) error=\"\(error)\""
        }
    }
}
