// codec-benchmark: what the codecs cost on this machine, as figures to read, not
// assertions. Times are CPU time of the calling thread (the encoders run with one
// thread), so other processes on a shared machine disturb them less than wall time.
//
//   swift run -c release codec-benchmark [frames]     (default 300 frames per size)
#if canImport(Glibc)
import Glibc
#endif
import H264
import Media
import Opus

/// CPU time consumed by this thread so far, in nanoseconds.
func threadCPUTime() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

/// Runs `body` and returns its CPU time in nanoseconds.
func measure(_ body: () throws -> Void) rethrows -> UInt64 {
    let start = threadCPUTime()
    try body()
    return threadCPUTime() - start
}

func format(_ value: Double, _ decimals: Int = 2) -> String {
    var factor = 1.0
    for _ in 0..<decimals { factor *= 10 }
    let rounded = (value * factor).rounded() / factor
    return "\(rounded)"
}

struct VideoCase {
    let name: String
    let width: Int
    let height: Int
    let bitrate: Int
}

func benchmarkVideo(_ videoCase: VideoCase, frameCount: Int, framesPerSecond: Int = 30) throws {
    let encoder = try H264Encoder(configuration: H264EncoderConfiguration(
        width: videoCase.width, height: videoCase.height, framesPerSecond: Double(framesPerSecond),
        targetBitrate: videoCase.bitrate))
    var source = TestPatternSource(width: videoCase.width, height: videoCase.height, framesPerSecond: framesPerSecond,
                                   startTime: .zero)
    var picture = VideoFrame(width: videoCase.width, height: videoCase.height)
    var units: [EncodedVideoFrame] = []
    units.reserveCapacity(frameCount)
    var encodeTime: UInt64 = 0, renderTime: UInt64 = 0
    for _ in 0..<frameCount {
        renderTime += measure { source.nextFrame(into: &picture) }
        var unit: EncodedVideoFrame?
        encodeTime += try measure { unit = try encoder.encode(picture) }
        if let unit { units.append(unit) }
    }

    let decoder = try H264Decoder()
    var decoded = VideoFrame(width: videoCase.width, height: videoCase.height)
    var reference = VideoFrame(width: videoCase.width, height: videoCase.height)
    let reader = TestPatternFrameIndexReader()
    var decodeTime: UInt64 = 0
    var psnrSum = 0.0, psnrMinimum = Double.infinity, pictures = 0, indexesRead = 0
    for unit in units {
        var produced = false
        decodeTime += try measure { produced = try decoder.decode(unit, into: &decoded) }
        guard produced else { continue }
        pictures += 1
        TestPatternSource.render(frameIndex: unit.sequenceNumber, into: &reference)
        if let psnr = decoded.lumaPSNR(comparedTo: reference) {
            psnrSum += psnr
            psnrMinimum = min(psnrMinimum, psnr)
        }
        if reader.frameIndex(in: decoded).map(UInt64.init) == unit.sequenceNumber { indexesRead += 1 }
    }

    let encodeMilliseconds = Double(encodeTime) / 1e6 / Double(frameCount)
    let decodeMilliseconds = Double(decodeTime) / 1e6 / Double(max(units.count, 1))
    let frameBudgetMilliseconds = 1000 / Double(framesPerSecond)
    let bytes = units.reduce(0) { $0 + $1.annexB.count }
    let kilobits = Double(bytes * 8) / 1000 / (Double(frameCount) / Double(framesPerSecond))
    print("\(videoCase.name) (\(videoCase.width)x\(videoCase.height)@\(framesPerSecond), target \(videoCase.bitrate / 1000) kbit/s, \(frameCount) frames)")
    print("  encode  \(format(encodeMilliseconds)) ms/frame  = \(format(100 * encodeMilliseconds / frameBudgetMilliseconds, 1)) % of a core")
    print("  decode  \(format(decodeMilliseconds)) ms/frame  = \(format(100 * decodeMilliseconds / frameBudgetMilliseconds, 1)) % of a core")
    let renderMilliseconds = Double(renderTime) / 1e6 / Double(frameCount)
    print("  pattern \(format(renderMilliseconds)) ms/frame  = \(format(100 * renderMilliseconds / frameBudgetMilliseconds, 1)) % of a core (TestPatternSource drawing)")
    print("  output  \(format(kilobits, 0)) kbit/s, \(units.filter(\.isKeyframe).count) IDR, luma PSNR mean \(format(psnrSum / Double(max(pictures, 1)), 1)) dB, min \(format(psnrMinimum, 1)) dB, frame index read back \(indexesRead)/\(units.count)")
}

func benchmarkOpus(channelCount: Int, packetCount: Int) throws {
    let configuration = OpusEncoderConfiguration(channelCount: channelCount, application: .audio, bitrate: 64_000, complexity: 10)
    let encoder = try OpusEncoder(configuration: configuration)
    var source = ToneSource(channelCount: channelCount, blockDuration: .milliseconds(20), startTime: .zero)
    var block = AudioFrame(channelCount: channelCount, samplesPerChannel: 960)
    var packets: [EncodedAudioPacket] = []
    packets.reserveCapacity(packetCount)
    var encodeTime: UInt64 = 0
    for _ in 0..<packetCount {
        source.nextBlock(into: &block)
        encodeTime += try measure { try encoder.encode(block) { packets.append($0) } }
    }
    let decoder = try OpusDecoder(channelCount: channelCount)
    var output = AudioFrame(channelCount: channelCount, samplesPerChannel: 960)
    let decodeTime = try measure { for packet in packets { try decoder.decode(packet, into: &output) } }
    let encodeMilliseconds = Double(encodeTime) / 1e6 / Double(packetCount)
    let decodeMilliseconds = Double(decodeTime) / 1e6 / Double(max(packets.count, 1))
    print("Opus \(channelCount == 2 ? "stereo" : "mono") 48 kHz, 20 ms, 64 kbit/s, complexity 10 (\(packetCount) packets)")
    print("  encode  \(format(encodeMilliseconds, 3)) ms/packet = \(format(100 * encodeMilliseconds / 20, 2)) % of a core")
    print("  decode  \(format(decodeMilliseconds, 3)) ms/packet = \(format(100 * decodeMilliseconds / 20, 2)) % of a core")
}

let frameCount = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 300
do {
    try benchmarkVideo(VideoCase(name: "720p30", width: 1280, height: 720, bitrate: 2_000_000), frameCount: frameCount)
    try benchmarkVideo(VideoCase(name: "480p30", width: 640, height: 480, bitrate: 1_000_000), frameCount: frameCount)
    try benchmarkOpus(channelCount: 2, packetCount: 500)
    try benchmarkOpus(channelCount: 1, packetCount: 500)
} catch {
    print("codec-benchmark failed: \(error)")
    exit(1)
}
