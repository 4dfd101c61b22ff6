import Media
import Testing
@testable import AudioCapture

/// The capture and playback paths through real alsa-lib, on its `null` PCM (part of
/// alsa-lib's standard configuration: capture yields zeros, playback discards). No
/// sound card needed; the timing of real drivers is covered by scripts/test-capture-vm.
struct ALSANullDeviceTests {
    /// The null PCM hands out samples faster than real time, so the timeline keeps
    /// resynchronising to the clock: blocks are contiguous except across a counted resync.
    @Test("blocks arrive with gap-free sequence numbers, rising timestamps and reused storage",
          arguments: [(1, 10), (2, 20)])
    func captureBlocks(channels: Int, milliseconds: Int) throws {
        let microphone = try ALSACaptureSession(request: AudioCaptureRequest(
            device: "null", channelCount: channels, blockMilliseconds: milliseconds))
        var block = microphone.makeFrame()
        #expect(block.samplesPerChannel == 48 * milliseconds && block.channelCount == channels)
        let storage = block.samples.withUnsafeBufferPointer { $0.baseAddress }
        // Keep only the expected next timestamp: holding a copy of the frame would force copy-on-write.
        var expectedNext: MediaTime?
        var resyncs: UInt64 = 0
        for index in 0..<10 {
            try microphone.read(into: &block, timeout: .milliseconds(1000))
            #expect(block.sequenceNumber == UInt64(index))
            // Never ahead of the clock by more than the timeline's tolerance (40 ms).
            #expect(block.timestamp <= MediaTime.now() + .milliseconds(41))
            if let expectedNext {
                if microphone.statistics.clockResyncs == resyncs {
                    #expect(block.timestamp == expectedNext)
                } else {
                    #expect(block.timestamp + block.duration > expectedNext)  // after the previous block's start
                }
            }
            resyncs = microphone.statistics.clockResyncs
            #expect(block.samples.withUnsafeBufferPointer { $0.baseAddress } == storage)
            expectedNext = block.timestamp + block.duration
        }
        #expect(block.samples.allSatisfy { $0 == 0 })
        #expect(microphone.statistics.deliveredBlocks == 10)
        #expect(microphone.statistics.deliveredSamples == UInt64(10 * 48 * milliseconds))
        #expect(microphone.statistics.overruns == 0)
        #expect(microphone.periodSize > 0 && microphone.bufferSize >= microphone.periodSize)
    }

    @Test("the first block is stamped in the recent past on the monotonic clock")
    func firstTimestamp() throws {
        let microphone = try ALSACaptureSession(request: AudioCaptureRequest(device: "null", channelCount: 2))
        var block = microphone.makeFrame()
        try microphone.read(into: &block, timeout: .milliseconds(1000))
        let after = MediaTime.now()
        #expect(block.timestamp <= after)
        // delay + one block old at most: the ring buffer (4 periods) plus the block itself.
        #expect(after.since(block.timestamp) <= MediaDuration.milliseconds(200))
    }

    @Test("a frame of the wrong shape is replaced by one of the session's shape")
    func wrongShapedFrame() throws {
        let microphone = try ALSACaptureSession(request: AudioCaptureRequest(device: "null", channelCount: 2))
        var block = AudioFrame(channelCount: 1, samplesPerChannel: 10)
        try microphone.read(into: &block, timeout: .milliseconds(1000))
        #expect(block.channelCount == 2 && block.samplesPerChannel == 960)
    }

    @Test("playback accepts blocks and refuses a block with the wrong channel count")
    func playback() throws {
        let speaker = try ALSAPlaybackStream(request: AudioCaptureRequest(device: "null", channelCount: 2))
        let block = AudioFrame(channelCount: 2, samplesPerChannel: 960)
        for _ in 0..<5 { try speaker.write(block, timeout: .milliseconds(1000)) }
        #expect(throws: AudioCaptureError.unsupportedConfiguration(name: "null", detail: "1-channel frames on a 2-channel stream")) {
            try speaker.write(AudioFrame(channelCount: 1, samplesPerChannel: 960), timeout: .milliseconds(100))
        }
    }
}
