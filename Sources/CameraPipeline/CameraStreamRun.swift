import Dispatch
import Foundation
import H264
import Media
import Opus
import Synchronization

/// One start-to-stop life of a stream: the capture threads (video, and audio when
/// configured), the H264 encoder they share with every viewer, the keyframe rate limit and
/// the counters. A stream makes a new run when its first subscriber arrives and stops it
/// when the last one leaves, so no device stays open and no encoder runs for nobody.
///
/// Each source runs on its own thread, not on a Swift concurrency task: capture blocks
/// (device reads, pacing) and encoding takes milliseconds, which would starve the small
/// cooperative pool the control plane runs on.
final class CameraStreamRun: Sendable {
    let encoder: H264Encoder
    private let configuration: CameraStreamConfiguration
    private let sources: CameraStreamSources
    private let fanOut: CameraRTPFanOut
    private let stop = CaptureStopSignal()
    /// Threads still running; a following run waits for it before opening the devices.
    let threads = DispatchGroup()
    /// The previous run's threads (not the run itself, whose encoder can then be freed).
    private let predecessorThreads: DispatchGroup?
    private let limiter: Mutex<KeyframeRequestLimiter>
    private let tally: Mutex<CameraStreamCounters>
    private let onFailure: @Sendable (CameraStreamRun, CameraStreamFailure) -> Void
    private let onAudioLost: @Sendable (CameraStreamFailure) -> Void

    /// - Parameters:
    ///   - predecessorThreads: the previous run's threads, which finish before this run's begin
    ///     (a camera device opens only once the previous run closed it).
    ///   - onFailure: called once, on a capture thread, when the video source or an encoder
    ///     of video fails: the run is over.
    ///   - onAudioLost: called on the audio thread when the microphone or Opus fails; the
    ///     run goes on without audio.
    init(configuration: CameraStreamConfiguration, targetBitrate: Int, sources: CameraStreamSources,
         fanOut: CameraRTPFanOut, predecessorThreads: DispatchGroup?,
         onFailure: @escaping @Sendable (CameraStreamRun, CameraStreamFailure) -> Void,
         onAudioLost: @escaping @Sendable (CameraStreamFailure) -> Void) throws(H264EncoderError) {
        var encoderConfiguration = configuration.videoEncoder
        encoderConfiguration.targetBitrate = targetBitrate
        encoder = try H264Encoder(configuration: encoderConfiguration)
        self.configuration = configuration
        self.sources = sources
        self.fanOut = fanOut
        self.predecessorThreads = predecessorThreads
        self.onFailure = onFailure
        self.onAudioLost = onAudioLost
        limiter = Mutex(KeyframeRequestLimiter(minimumInterval: configuration.keyframeRequestInterval))
        var counters = CameraStreamCounters()
        counters.isRunning = true
        counters.targetBitrate = targetBitrate
        tally = Mutex(counters)
        fanOut.resetTally()
        fanOut.anchorTimeline(at: .now())
    }

    /// Starts the capture threads.
    func start() {
        launch("video") { run in run.captureVideo() }
        if configuration.audio != nil, sources.makeAudio != nil {
            launch("audio") { run in run.captureAudio() }
        }
    }

    /// Tells the capture threads to stop, without waiting for them.
    func requestStop() { stop.raise() }

    /// Raises the stop signal and returns once every capture thread has ended.
    func stopAndWait() async {
        stop.raise()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            threads.notify(queue: .global()) { continuation.resume() }
        }
    }

    var counters: CameraStreamCounters {
        var snapshot = tally.withLock { $0 }
        fanOut.tally(into: &snapshot)
        snapshot.keyframeRequestsCoalesced = limiter.withLock { $0.coalescedCount }
        return snapshot
    }

    func requestKeyframe() { limiter.withLock { $0.requestKeyframe() } }

    func requestKeyframeForJoin() { limiter.withLock { $0.requestKeyframeForJoin() } }

    func setTargetBitrate(_ bitsPerSecond: Int) throws(H264EncoderError) {
        try encoder.setTargetBitrate(bitsPerSecond)
        tally.withLock { $0.targetBitrate = bitsPerSecond }
    }

    private func launch(_ kind: String, _ body: @escaping @Sendable (CameraStreamRun) -> Void) {
        threads.enter()
        let thread = Thread { [self] in
            if let predecessorThreads {
                predecessorThreads.wait()
                // The previous run may have delivered its last packets after this run was made.
                if kind == "video" { fanOut.resetTally() }
            }
            body(self)
            threads.leave()
        }
        thread.name = "peercam-\(configuration.name)-\(kind)"
        thread.start()
    }

    private func fail(_ reason: CameraStreamEndReason, _ error: any Error) {
        stop.raise()
        onFailure(self, CameraStreamFailure(reason: reason, error: error, time: .now()))
    }

    private func captureVideo() {
        guard !stop.isRaised else { return }
        var source: any VideoFrameSource
        do { source = try sources.makeVideo(stop) } catch { return fail(.cameraGone, error) }
        var frame = VideoFrame(width: source.width, height: source.height)
        var encoded = EncodedVideoFrame(annexB: [], isKeyframe: false, width: source.width, height: source.height,
                                        timestamp: .zero, sequenceNumber: 0)
        while !stop.isRaised {
            do {
                guard try source.nextFrame(into: &frame) else { return }
            } catch {
                return fail(.cameraGone, error)
            }
            let forced = limiter.withLock { $0.shouldForceKeyframe(at: frame.timestamp) }
            if forced { encoder.requestKeyframe() }
            tally.withLock {
                $0.framesCaptured += 1
                if forced { $0.keyframesForced += 1 }
            }
            do {
                guard try encoder.encode(frame, into: &encoded) else { continue }
                if encoded.isKeyframe { limiter.withLock { $0.keyframeEncoded(at: encoded.timestamp) } }
                // Counted before delivery, so a subscriber that got the frame sees it counted.
                tally.withLock {
                    $0.framesEncoded += 1
                    if encoded.isKeyframe { $0.keyframesEncoded += 1 }
                }
                try fanOut.deliver(encoded)
            } catch {
                return fail(.encoderFailed, error)
            }
        }
    }

    /// A failing microphone (or Opus encoder) ends the audio only: video goes on, viewers
    /// hear silence, the failure is counted and kept for the agent to report, and the next
    /// run opens the microphone again. A camera box should not go dark over a USB mic.
    private func loseAudio(_ reason: CameraStreamEndReason, _ error: any Error) {
        tally.withLock { $0.audioFailures += 1 }
        onAudioLost(CameraStreamFailure(reason: reason, error: error, time: .now()))
    }

    private func captureAudio() {
        guard !stop.isRaised, let makeAudio = sources.makeAudio else { return }
        var source: any AudioBlockSource
        do { source = try makeAudio(stop) } catch { return loseAudio(.microphoneGone, error) }
        var encoderConfiguration = configuration.audioEncoder
        encoderConfiguration.channelCount = source.channelCount
        let encoder: OpusEncoder
        do { encoder = try OpusEncoder(configuration: encoderConfiguration) } catch { return loseAudio(.encoderFailed, error) }
        var block = AudioFrame(channelCount: source.channelCount, samplesPerChannel: 480)
        while !stop.isRaised {
            do {
                guard try source.nextBlock(into: &block) else { return }
            } catch {
                return loseAudio(.microphoneGone, error)
            }
            tally.withLock { $0.audioBlocksCaptured += 1 }
            do {
                try encoder.encode(block) { packet in
                    tally.withLock { $0.audioPacketsEncoded += 1 }
                    try fanOut.deliver(packet)
                }
            } catch {
                return loseAudio(.encoderFailed, error)
            }
        }
    }
}
