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

/// Resident memory of this process in KiB, from /proc/self/statm (0 if unreadable).
func residentKibibytes() -> Int {
    let descriptor = open("/proc/self/statm", O_RDONLY)
    guard descriptor >= 0 else { return 0 }
    defer { close(descriptor) }
    var buffer = [UInt8](repeating: 0, count: 128)
    let count = read(descriptor, &buffer, buffer.count)
    guard count > 0 else { return 0 }
    let fields = String(decoding: buffer[0..<count], as: UTF8.self).split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
}

/// Runs the camera → encoder → decoder loop with every buffer reused, as the agents do,
/// and reports whether resident memory moves once warmed up: growth means a leak or a
/// buffer that is not reused.
func steadyStateHeap(width: Int, height: Int, frameCount: Int) throws {
    let encoder = try H264Encoder(configuration: H264EncoderConfiguration(width: width, height: height))
    let decoder = try H264Decoder()
    var source = TestPatternSource(width: width, height: height, framesPerSecond: 30, startTime: .zero)
    var picture = VideoFrame(width: width, height: height)
    var decoded = VideoFrame(width: width, height: height)
    var unit = EncodedVideoFrame(annexB: [], isKeyframe: false, width: width, height: height, timestamp: .zero, sequenceNumber: 0)
    func runFrames(_ count: Int) throws {
        for _ in 0..<count {
            source.nextFrame(into: &picture)
            if try encoder.encode(picture, into: &unit) { _ = try decoder.decode(unit, into: &decoded) }
        }
    }
    try runFrames(30)
    encoder.requestKeyframe()   // the largest access unit sets the buffers' high-water mark
    try runFrames(30)
    let before = residentKibibytes()
    try runFrames(frameCount)
    let after = residentKibibytes()
    print("Steady state \(width)x\(height) pattern → encode(into:) → decode(into:): resident memory \(before) KiB → \(after) KiB over \(frameCount) frames")
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
    try steadyStateHeap(width: 1280, height: 720, frameCount: frameCount)
    try benchmarkOpus(channelCount: 2, packetCount: 500)
    try benchmarkOpus(channelCount: 1, packetCount: 500)
} catch {
    print("codec-benchmark failed: \(error)")
    exit(1)
}
