import Dispatch
import H264
import Media
import RTP
import Synchronization

/// One camera stream ("main") shared by every viewer: one capture, one H264 encoder (and
/// one Opus encoder), one RTP packetizer, fanned out to up to `subscriberLimit`
/// subscribers (issue 6).
///
/// - The first `subscribe` starts capture and encoding; the last `unsubscribe` stops them
///   and closes the devices; the next `subscribe` starts them again.
/// - A joining subscriber makes the encoder produce an IDR at once and receives no video
///   before it: it never starts on a P-frame. Audio flows to it straight away.
/// - PLI/FIR from any subscriber (`requestKeyframe()`) become encoder IDRs, at most one
///   per `keyframeRequestInterval`; bandwidth estimates arrive through `setTargetBitrate`.
/// - When the camera fails, every subscriber is told `cameraGone` and removed, counters
///   return to zero and a later `subscribe` tries the camera again. When the microphone
///   fails, only the audio stops (`lastAudioFailure`); the next run opens it again.
///
/// Every packet passes through one place, `CameraRTPFanOut`, where `packetObserver`
/// (the NACK retransmission history) sees it before the subscribers.
public final class CameraStream: Sendable {
    public let configuration: CameraStreamConfiguration
    private let sources: CameraStreamSources
    private let fanOut: CameraRTPFanOut
    private let state: Mutex<State>

    private struct State {
        var run: CameraStreamRun?
        /// The most recent run's threads, so the next run waits for them to finish.
        var lastRunThreads: DispatchGroup?
        var targetBitrate: Int
        var lastFailure: CameraStreamFailure?
        var lastAudioFailure: CameraStreamFailure?
    }

    /// - Parameters:
    ///   - packetObserver: sees every packet before the subscribers (a shared NACK history).
    /// - Throws: when `configuration.maximumPayloadSize` cannot hold an FU-A fragment.
    public init(configuration: CameraStreamConfiguration, sources: CameraStreamSources,
                packetObserver: (any RTPPacketSink)? = nil) throws(H264RTPPayloaderError) {
        self.configuration = configuration
        self.sources = sources
        fanOut = try CameraRTPFanOut(configuration: configuration, observer: packetObserver)
        state = Mutex(State(targetBitrate: configuration.videoEncoder.targetBitrate))
    }

    /// A stream released while running stops its capture threads (they end on their own)
    /// and tells its subscribers `stopped`.
    deinit {
        state.withLock { $0.run }?.requestStop()
        for subscription in fanOut.removeAll() { subscription.subscriber.streamEnded(.stopped) }
    }

    /// Adds a subscriber; starts the stream if it was idle, or else asks the running
    /// encoder for an IDR so the newcomer can start decoding at once.
    /// - Throws: `CameraStreamSubscribeError` (stream full, duplicate, encoder unavailable).
    @discardableResult
    public func subscribe(_ subscriber: any RTPPacketSubscriber) throws(CameraStreamSubscribeError) -> CameraStreamSubscription {
        let subscription = CameraStreamSubscription(subscriber: subscriber)
        try state.withLock { (state: inout State) throws(CameraStreamSubscribeError) in
            _ = try fanOut.add(subscription, limit: configuration.subscriberLimit)
            if let run = state.run {
                run.requestKeyframeForJoin()
                return
            }
            let run: CameraStreamRun
            do throws(H264EncoderError) {
                run = try CameraStreamRun(configuration: configuration, targetBitrate: state.targetBitrate,
                                          sources: sources, fanOut: fanOut, predecessorThreads: state.lastRunThreads,
                                          onFailure: { [weak self] run, failure in self?.runFailed(run, failure) },
                                          onAudioLost: { [weak self] failure in
                                              self?.state.withLock { $0.lastAudioFailure = failure }
                                          })
            } catch {
                _ = fanOut.remove(subscription)
                throw .videoEncoderUnavailable(error)
            }
            state.run = run
            state.lastRunThreads = run.threads
            run.start()
        }
        return subscription
    }

    /// Removes a subscriber; it receives no packet once this returns. When it was the last
    /// one, capture and encoding stop and this returns after the capture threads ended.
    /// Unknown or already removed subscriptions are ignored.
    public func unsubscribe(_ subscription: CameraStreamSubscription) async {
        let stopping: CameraStreamRun? = state.withLock { state in
            let (removed, remaining) = fanOut.remove(subscription)
            guard removed, remaining == 0, let run = state.run else { return nil }
            state.run = nil
            return run
        }
        fanOut.barrier()
        await stopping?.stopAndWait()
    }

    /// Ends the stream for everyone (agent shutdown): every subscriber is told `reason`,
    /// and this returns once capture has stopped. A later `subscribe` starts it again.
    public func end(reason: CameraStreamEndReason = .stopped) async {
        let (run, ended) = state.withLock { state in
            defer { state.run = nil }
            return (state.run, fanOut.removeAll())
        }
        fanOut.barrier()
        await run?.stopAndWait()
        for subscription in ended { subscription.subscriber.streamEnded(reason) }
    }

    /// A subscriber's PLI or FIR: the encoder makes an IDR, rate-limited.
    public func requestKeyframe() {
        state.withLock { $0.run }?.requestKeyframe()
    }

    /// The bitrate controller's new target for the H264 encoder; kept for later runs too.
    public func setTargetBitrate(_ bitsPerSecond: Int) throws(H264EncoderError) {
        guard bitsPerSecond > 0, bitsPerSecond <= Int(Int32.max) else { throw .bitrateOutOfRange(bitsPerSecond) }
        let run = state.withLock { state in
            state.targetBitrate = bitsPerSecond
            return state.run
        }
        try run?.setTargetBitrate(bitsPerSecond)
    }

    /// The RTP timestamp the capture instant `time` (monotonic clock) has on the `kind`
    /// stream, for RTCP sender reports (RFC 3550 §6.4.1); nil before the first packet, or
    /// for audio on a stream without it. Both kinds share one time line, so a viewer can
    /// line audio up with video.
    public func rtpTimestamp(at time: MediaTime, kind: CameraMediaKind) -> UInt32? {
        fanOut.rtpTimestamp(at: time, kind: kind)
    }

    public var subscriberCount: Int { fanOut.count }

    /// What the stream did since it last started; all zero while it is stopped.
    public var counters: CameraStreamCounters {
        let (run, targetBitrate) = state.withLock { ($0.run, $0.targetBitrate) }
        var snapshot = run?.counters ?? CameraStreamCounters()
        snapshot.subscriberCount = fanOut.count
        snapshot.targetBitrate = targetBitrate
        return snapshot
    }

    /// The last time the stream ended because a source or encoder failed; nil if never.
    public var lastFailure: CameraStreamFailure? { state.withLock { $0.lastFailure } }

    /// The last time the audio stopped (microphone or Opus failure) while video went on.
    public var lastAudioFailure: CameraStreamFailure? { state.withLock { $0.lastAudioFailure } }

    /// A run's source or encoder failed: everyone is told and removed; the stream is idle.
    private func runFailed(_ run: CameraStreamRun, _ failure: CameraStreamFailure) {
        let ended: [CameraStreamSubscription] = state.withLock { state in
            guard state.run === run else { return [] }
            state.run = nil
            state.lastFailure = failure
            return fanOut.removeAll()
        }
        fanOut.barrier()
        for subscription in ended { subscription.subscriber.streamEnded(failure.reason) }
    }
}
