// camera-pipeline-benchmark: what one camera stream costs per frame (test pattern →
// H264 → RTP → fan-out) and what each extra subscriber adds. Prints figures; asserts nothing.
#if canImport(Glibc)
import Glibc
#endif
import CameraPipeline
import H264
import Media
import Synchronization

/// Copies each packet into its own buffer (as an SRTP protect into a send buffer would),
/// counts it, and signals when the expected number of access units arrived.
final class CountingSubscriber: RTPPacketSubscriber {
    private let state = Mutex<(units: Int, bytes: Int, target: Int, done: CheckedContinuation<Void, Never>?)>((0, 0, 0, nil))
    /// Only touched from `deliver`, which a stream never calls concurrently.
    nonisolated(unsafe) private let sendBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 2048, alignment: 8)

    deinit { sendBuffer.deallocate() }

    func deliver(_ packet: UnsafeRawBufferPointer, kind: CameraMediaKind) {
        UnsafeMutableRawBufferPointer(rebasing: sendBuffer[0..<packet.count]).copyMemory(from: packet)
        let finished: CheckedContinuation<Void, Never>? = state.withLock { state in
            state.bytes += packet.count
            if packet.count > 1, packet[1] & 0x80 != 0 { state.units += 1 }
            guard state.units >= state.target, let done = state.done else { return nil }
            state.done = nil
            return done
        }
        finished?.resume()
    }

    func streamEnded(_ reason: CameraStreamEndReason) {}

    func waitForAccessUnits(_ count: Int) async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Bool in
                state.target = count
                if state.units >= count { return true }
                state.done = continuation
                return false
            }
            if ready { continuation.resume() }
        }
    }
}

func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func run(width: Int, height: Int, subscribers count: Int, frames: Int) async throws {
    let configuration = CameraStreamConfiguration(
        video: CameraStreamRTPParameters(ssrc: 1, payloadType: 102, clockRate: 90_000),
        videoEncoder: H264EncoderConfiguration(width: width, height: height, framesPerSecond: 30, targetBitrate: 2_000_000))
    let stream = try CameraStream(configuration: configuration,
                                  sources: .testPattern(width: width, height: height, framesPerSecond: 30,
                                                        audioChannelCount: nil, clock: FreeRunningPacingClock()))
    let subscribers = (0..<count).map { _ in CountingSubscriber() }
    let cpuStart = processCPUSeconds()
    let wallStart = ContinuousClock.now
    var subscriptions: [CameraStreamSubscription] = []
    for subscriber in subscribers { subscriptions.append(try stream.subscribe(subscriber)) }
    await subscribers[0].waitForAccessUnits(frames)
    let wall = ContinuousClock.now - wallStart
    let cpu = processCPUSeconds() - cpuStart
    let counters = stream.counters
    for subscription in subscriptions { await stream.unsubscribe(subscription) }
    let wallMs = Double(wall.components.seconds) * 1e3 + Double(wall.components.attoseconds) / 1e15
    let cpuPerFrame = cpu * 1e3 / Double(counters.framesEncoded)
    print("\(width)x\(height) subscribers=\(count): \(counters.framesEncoded) frames, "
          + "\(String(format: "%.2f", cpuPerFrame)) ms CPU/frame (≈ \(String(format: "%.1f", cpuPerFrame * 3)) % of a core at 30 fps), "
          + "\(String(format: "%.2f", wallMs / Double(frames))) ms wall/frame, "
          + "\(counters.videoPacketsProduced / counters.framesEncoded) packets/frame, keyframes \(counters.keyframesEncoded)")
}

func renderOnly(width: Int, height: Int, frames: Int) {
    var pattern = TestPatternSource(width: width, height: height, framesPerSecond: 30)
    var frame = VideoFrame(width: width, height: height)
    let start = processCPUSeconds()
    for _ in 0..<frames { pattern.nextFrame(into: &frame) }
    let perFrame = (processCPUSeconds() - start) * 1e3 / Double(frames)
    print("\(width)x\(height) test-pattern drawing alone: \(String(format: "%.2f", perFrame)) ms CPU/frame (included above)")
}

let frames = 300
for (width, height) in [(640, 480), (1280, 720)] {
    renderOnly(width: width, height: height, frames: frames)
    for subscribers in [1, 8] {
        try await run(width: width, height: height, subscribers: subscribers, frames: frames)
    }
}
