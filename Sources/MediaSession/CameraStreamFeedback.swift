import CameraPipeline
import RTCP
import RTPFeedback
import Synchronization

/// The feedback state one camera stream shares among all its peers: the NACK packet history
/// (filled once per packet, whatever the number of viewers), the keyframe-request throttle and
/// the bitrate aggregate that becomes the encoder target.
///
/// Give it to the stream as its `packetObserver`, then to every ``PeerMediaSender`` of that
/// stream:
/// ```swift
/// let feedback = CameraStreamFeedback(configuration: streamConfiguration)
/// let stream = try CameraStream(configuration: streamConfiguration, sources: sources, packetObserver: feedback)
/// ```
/// Only the video stream has a history: Opus loss is concealed by the decoder, and WebRTC
/// receivers do not NACK audio.
///
/// Thread safety: `deliver` runs on the capture thread, `handle` on each peer's ICE thread;
/// the state sits behind one mutex. Time is the monotonic clock as a `Duration` since an
/// arbitrary origin (`ContinuousClock` instants minus `origin`).
public final class CameraStreamFeedback: RTPPacketSink {
    public let videoSSRC: UInt32
    private let state: Mutex<State>

    private struct State {
        var feedback: SenderStreamFeedback
        /// When history eviction and a held-back bitrate increase are next looked at.
        var nextRoutinePoll: Duration = .zero
    }

    /// How often `pollIfDue` runs the routine work when no keyframe request is pending.
    static let routinePollInterval: Duration = .milliseconds(100)
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant
    /// Packets the history refused (malformed or out of its bounds), counted, not dropped silently.
    private let refusedPackets = Atomic<Int>(0)

    /// - Parameters:
    ///   - configuration: the stream's; its video SSRC keys the history.
    ///   - bitrateRange: the encoder's allowed target range.
    ///   - history: how long and how much the NACK history keeps.
    public init(configuration: CameraStreamConfiguration, bitrateRange: ClosedRange<Int> = 150_000...4_000_000,
                history: RTPPacketHistory.Configuration = .init()) {
        videoSSRC = configuration.video.ssrc
        origin = clock.now
        let initial = min(max(configuration.videoEncoder.targetBitrate, bitrateRange.lowerBound), bitrateRange.upperBound)
        state = Mutex(State(feedback: SenderStreamFeedback(
            mediaSSRC: configuration.video.ssrc, history: RTPPacketHistory(configuration: history),
            keyframes: KeyframeRequestThrottle(minimumInterval: .nanoseconds(Int64(clamping: configuration.keyframeRequestInterval.nanoseconds))),
            bitrate: StreamBitrateAggregator(configuration: .init(range: bitrateRange), initialTarget: initial))))
    }

    /// Now, on the clock every feedback call of this stream uses.
    public var now: Duration { clock.now - origin }

    /// Stores each video packet once as it leaves the packetizer (the capture thread).
    public func deliver(_ packet: UnsafeRawBufferPointer, kind: CameraMediaKind) {
        guard kind == .video else { return }
        let at = now
        let stored = state.withLock { state -> Bool in
            do throws(RTPPacketHistoryError) { try state.feedback.packetSent(packet, at: at) } catch { return false }
            return true
        }
        if !stored { refusedPackets.add(1, ordering: .relaxed) }
    }

    /// One peer's RTCP packet, already translated to the stream's SSRCs; resends go to `resend`.
    func handle(_ packet: RTCPPacket, from peer: inout SenderPeerFeedback, at now: Duration,
                resend: (UnsafeRawBufferPointer) -> Void) -> SenderStreamFeedback.Outcome {
        state.withLock { state in state.feedback.handle(packet, from: &peer, at: now, resend: resend) }
    }

    /// Deferred work that fell due: a keyframe request the throttle held back (issued on
    /// time, not at the next RTCP arrival), history eviction, a held-back bitrate increase.
    /// Called by the senders as packets leave, so it needs no timer of its own.
    func pollIfDue(at now: Duration) -> SenderStreamFeedback.Outcome? {
        state.withLock { state in
            let keyframeDue = state.feedback.nextDeadline.map { now >= $0 } ?? false
            guard keyframeDue || now >= state.nextRoutinePoll else { return nil }
            state.nextRoutinePoll = now + Self.routinePollInterval
            return state.feedback.poll(at: now)
        }
    }

    func peerJoined(_ peer: SenderPeerFeedback, at now: Duration) -> SenderStreamFeedback.Outcome {
        state.withLock { $0.feedback.peerJoined(peer, at: now) }
    }

    func peerLeft(_ peer: Int, at now: Duration) -> SenderStreamFeedback.Outcome {
        state.withLock { $0.feedback.peerLeft(peer, at: now) }
    }

    /// The encoder target the peers' estimates currently agree on.
    public var targetBitrate: Int { state.withLock { $0.feedback.bitrate.target } }

    /// Packets in the NACK history now, and packets it refused so far.
    public var historyCounts: (stored: Int, refused: Int) {
        (state.withLock { $0.feedback.history.count }, refusedPackets.load(ordering: .relaxed))
    }
}
