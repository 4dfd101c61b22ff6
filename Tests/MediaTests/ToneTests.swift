import Media
import Testing

@Suite("Tone source and Goertzel tone detector")
struct ToneTests {
    @Test("each second plays the next frequency of the list, in every channel", arguments: [1, 2])
    func frequencySteps(channelCount: Int) {
        var source = ToneSource(channelCount: channelCount, startTime: .zero)
        let detector = ToneDetector()
        var block = AudioFrame(channelCount: channelCount, samplesPerChannel: 480)
        for index in 0..<500 {
            source.nextBlock(into: &block)
            let expected = ToneSource.defaultFrequencies[index / 100 % 4]
            for channel in 0..<channelCount {
                #expect(detector.detect(in: block.samples[...], channelCount: channelCount, channel: channel)?.frequency == expected,
                        "block \(index) channel \(channel)")
            }
        }
    }

    @Test("blocks are 10 ms, numbered without gaps and timestamped from the start without drift")
    func timing() {
        let start = MediaTime(nanoseconds: 3_000_000_000)
        var source = ToneSource(channelCount: 2, startTime: start)
        var block = AudioFrame(channelCount: 2, samplesPerChannel: 480)
        for index in 0..<300 {
            source.nextBlock(into: &block)
            #expect(block.samplesPerChannel == 480 && block.samples.count == 960)
            #expect(block.sequenceNumber == UInt64(index))
            #expect(block.timestamp == start + .milliseconds(UInt64(index) * 10))
        }
    }

    @Test("the tone is a clean sine at the requested level")
    func level() {
        var source = ToneSource(channelCount: 1, amplitude: 0.5, startTime: .zero)
        let block = source.nextBlock()
        #expect(abs(block.rootMeanSquareLevel - 0.5 / 2.0.squareRoot()) < 0.01)
        #expect(ToneDetector().detect(in: block)?.share ?? 0 > 0.95)
    }

    @Test("silence, noise and an even mix of two tones are not taken for a tone")
    func rejections() {
        let detector = ToneDetector()
        #expect(detector.detect(in: AudioFrame(channelCount: 1, samplesPerChannel: 960)) == nil)
        var generator = SystemRandomNumberGenerator()
        var noise = AudioFrame(channelCount: 1, samplesPerChannel: 960)
        for index in noise.samples.indices { noise.samples[index] = Int16.random(in: -8000...8000, using: &generator) }
        #expect(detector.detect(in: noise) == nil)
        var lowSource = ToneSource(channelCount: 1, frequencies: [440], amplitude: 0.3, startTime: .zero)
        var highSource = ToneSource(channelCount: 1, frequencies: [880], amplitude: 0.3, startTime: .zero)
        var low = lowSource.nextBlock()
        let high = highSource.nextBlock()
        for index in low.samples.indices { low.samples[index] &+= high.samples[index] }
        #expect(detector.detect(in: low) == nil)
    }
}
