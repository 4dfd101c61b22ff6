import CameraPipeline
import Glibc
import RTCP
import RTPFeedback
import SDP
import Synchronization
import WebRTC

/// Sends one camera stream to one peer over its `PeerConnection` (issue 5 item 6, issue 6
/// fan-out): a `CameraStream` subscriber that SRTP-sends each fanned-out packet, answers the
/// peer's RTCP (NACK → resend from the shared history, RTX when negotiated; PLI/FIR → encoder
/// IDR, throttled; reports → RTT, loss → bitrate controller → encoder target) and sends a
/// sender report about every second.
///
/// ```swift
/// let router = PeerMediaPacketRouter()
/// let connection = PeerConnection(configuration: …, onPacket: router.handler)
/// // addTransceiver(.video / .audio, direction: .sendonly), offer/answer, trickle …
/// let sender = try PeerMediaSender(connection: connection, stream: stream, feedback: feedback)
/// router.attach(sender)
/// await sender.follow(connection.connectionStates)   // subscribes on .connected, leaves on close/failure
/// ```
///
/// - SSRCs and payload types: the stream keeps its own; each packet's copy is rewritten to
///   what this peer negotiated (see ``PeerMediaRTPRewrite`` for why), and the peer's RTCP is
///   translated back before the shared ``CameraStreamFeedback`` sees it.
/// - Transport-wide congestion control: when the peer negotiated `transport-cc` and its
///   header extension, every packet it gets (video, audio, RTX) carries one number of this
///   peer's own sequence (``PeerMediaTransportWideSequencer``), and its TWCC feedback drives
///   the delay-based estimate, which limits this peer's share of the encoder target.
/// - Never media before DTLS: nothing is subscribed before `.connected`, and the connection
///   itself refuses to send earlier. The stream forces an IDR for each new subscriber.
/// - Threads: `deliver` runs on the capture thread, `receiveRTCP` on the ICE thread; one
///   mutex holds this peer's state. Packets are copied into one reused buffer; nothing is
///   allocated per packet and no task is made per packet.
public final class PeerMediaSender: RTPPacketSubscriber {
    public let connection: PeerConnection
    public let stream: CameraStream
    public let feedback: CameraStreamFeedback
    /// This peer's identifier in the stream-wide feedback (bitrate aggregate, throttle).
    public let peerID: Int
    let state: Mutex<State>

    enum Phase: Equatable { case waiting, sending, ended }

    struct State {
        var phase = Phase.waiting
        var subscription: CameraStreamSubscription?
        let video: PeerMediaRTPRewrite
        let audio: PeerMediaRTPRewrite?
        let usesRetransmissionStream: Bool
        var peerFeedback: SenderPeerFeedback
        var audioReports: RTCPSenderReportGenerator?
        var sendBuffer: [UInt8] = []
        var resendBuffer: [UInt8] = []
        var rtcpBuffer: [UInt8] = []
        /// Numbers this peer's packets when it negotiated transport-cc; nil otherwise.
        var transportWide: PeerMediaTransportWideSequencer?
        /// Resends of one RTCP packet that carried a transport-wide number, recorded once the
        /// stream feedback has returned this peer's state (reused, never shrunk).
        var transportWideResends: [(sequenceNumber: UInt16, size: Int)] = []
        var statistics = PeerMediaSenderStatistics()
        var endReason: CameraStreamEndReason?
        var subscribeFailure: CameraStreamSubscribeError?
    }

    private static let nextPeerID = Atomic<Int>(1)

    /// Floor on the time between two resends of one packet to this peer (the responder's
    /// own default is 5 ms). A receiver repeats its NACK about every RTT; on a LAN or
    /// loopback that is 1–2 ms, and a viewer that makes its ~10 attempts within one 5 ms
    /// window would see every repeat refused and give the packet up (measured: 5 % loss
    /// left 1–2 packets unrecovered per 10 s, each costing a PLI and ~10 frames). 1 ms still
    /// stops a storm: at most one copy per packet per millisecond.
    static let minimumResendInterval: Duration = .milliseconds(1)

    /// The resend limit until the peer's first report gives an RTT (about a second in: the
    /// responder's own default is 100 ms). The join IDR, the densest burst of the session,
    /// falls in that second; a retried NACK for a packet whose first repair was lost must
    /// not wait 100 ms, past the viewer's jitter buffer, and turn into a PLI.
    static let defaultResendInterval: Duration = .milliseconds(10)

    /// - Parameters:
    ///   - connection: negotiated (answer applied or made) with a sending video transceiver.
    ///   - bitrateRange: the range this peer's estimate moves in.
    /// - Throws: `MediaSessionError.rfc8829NoSendingTransceiver(.video)` when nothing
    ///   negotiated lets us send video. Audio is sent only when negotiated for sending.
    public init(connection: PeerConnection, stream: CameraStream, feedback: CameraStreamFeedback,
                bitrateRange: ClosedRange<Int> = 150_000...4_000_000) throws(MediaSessionError) {
        guard let video = Self.sending(.video, in: connection) else { throw .rfc8829NoSendingTransceiver(.video) }
        let configuration = stream.configuration
        self.connection = connection
        self.stream = stream
        self.feedback = feedback
        let peerID = Self.nextPeerID.add(1, ordering: .relaxed).oldValue
        self.peerID = peerID
        let audio = configuration.audio.flatMap { parameters in
            Self.sending(.audio, in: connection).map { ($0, parameters) }
        }
        let retransmission = video.media.rtxPayloadType.flatMap { payloadType in
            video.media.localRTXSSRC.map {
                RTPNACKResponder.RetransmissionStream(ssrc: $0, payloadType: payloadType,
                                                      initialSequenceNumber: .random(in: .min ... .max))
            }
        }
        let transportWide = PeerMediaTransportWideSequencer(video: video.media, audio: audio?.0.media)
        let initial = min(max(configuration.videoEncoder.targetBitrate, bitrateRange.lowerBound), bitrateRange.upperBound)
        var peerFeedback = SenderPeerFeedback(
            peer: peerID, mediaSSRC: configuration.video.ssrc, clockRate: configuration.video.clockRate,
            retransmission: retransmission, usesTransportWideFeedback: transportWide != nil, initialBitrate: initial, bitrateRange: bitrateRange,
            reportInterval: RTCPReportInterval(seed: UInt64(truncatingIfNeeded: peerID) &* 0x9E37_79B9))
        peerFeedback.nackResponder = RTPNACKResponder(configuration: .init(
            retransmission: retransmission, defaultResendInterval: Self.defaultResendInterval,
            minimumResendInterval: Self.minimumResendInterval))
        state = Mutex(State(
            video: PeerMediaRTPRewrite(streamSSRC: configuration.video.ssrc, peerSSRC: video.ssrc,
                                       payloadType: video.media.payloadType),
            audio: audio.map { transceiver, parameters in
                PeerMediaRTPRewrite(streamSSRC: parameters.ssrc, peerSSRC: transceiver.ssrc,
                                    payloadType: transceiver.media.payloadType)
            },
            usesRetransmissionStream: retransmission != nil,
            peerFeedback: peerFeedback,
            audioReports: audio.map { _, parameters in
                RTCPSenderReportGenerator(ssrc: parameters.ssrc, clockRate: parameters.clockRate,
                                          interval: RTCPReportInterval(seed: UInt64(truncatingIfNeeded: peerID) &+ 7))
            }))
        state.withLock { state in
            state.transportWide = transportWide
            state.statistics.usesTransportWideFeedback = transportWide != nil
            state.sendBuffer.reserveCapacity(1500 + PeerMediaTransportWideSequencer.maximumGrowth)
            state.resendBuffer.reserveCapacity(1500 + PeerMediaTransportWideSequencer.maximumGrowth)
            state.transportWideResends.reserveCapacity(64)
            state.rtcpBuffer.reserveCapacity(256)
        }
    }

    /// The negotiated sending transceiver of `kind`: its announced SSRC and what SDP settled.
    private static func sending(_ kind: SDPMediaKind, in connection: PeerConnection) -> (ssrc: UInt32, media: SDPNegotiatedMedia)? {
        guard let transceiver = connection.transceivers.first(where: { $0.kind == kind }),
              let media = transceiver.negotiated, media.direction.sends else { return nil }
        return (media.localSSRC ?? transceiver.localSSRC, media)
    }

    // MARK: Life cycle

    /// Follows the connection's states until it ends: subscribes on `.connected`, leaves the
    /// stream on `.failed` / `.closed` (and when the sequence ends). Pass the connection's
    /// `connectionStates` (single consumer) or the owner's own forwarded sequence.
    public func follow<States: AsyncSequence>(_ states: States) async where States.Element == PeerConnectionState {
        do {
            for try await connectionState in states {
                await connectionStateChanged(connectionState)
                if connectionState.isFinished { return }
            }
        } catch {}
        await stop()
    }

    /// Reacts to one connection state; for owners that consume `connectionStates` themselves.
    public func connectionStateChanged(_ connectionState: PeerConnectionState) async {
        switch connectionState {
        case .connected:
            do throws(CameraStreamSubscribeError) { try await start() } catch {
                state.withLock { $0.subscribeFailure = error }
            }
        case .failed, .closed: await stop()
        case .new, .checking: break
        }
    }

    /// Subscribes to the stream (which forces an IDR for this peer). Only once connected;
    /// does nothing before, or once the sender ended.
    /// - Throws: `CameraStreamSubscribeError` (stream full, encoder unavailable); the sender
    ///   is then ended.
    public func start() async throws(CameraStreamSubscribeError) {
        let proceed = state.withLock { state -> Bool in
            guard state.phase == .waiting, connection.connectionState == .connected else { return false }
            state.phase = .sending
            return true
        }
        guard proceed else { return }
        let subscription: CameraStreamSubscription
        do throws(CameraStreamSubscribeError) {
            subscription = try stream.subscribe(self)
        } catch {
            state.withLock { $0.phase = .ended }
            throw error
        }
        let joined = state.withLock { state -> SenderPeerFeedback? in
            // `stop()` or the stream's end may have come while subscribing.
            guard state.phase == .sending else { return nil }
            state.subscription = subscription
            state.statistics.isSending = true
            return state.peerFeedback
        }
        guard let joined else {
            await stream.unsubscribe(subscription)
            return
        }
        // The stream already forces the joining IDR; only the bitrate share matters here.
        apply(SenderStreamFeedback.Outcome(encoderBitrate: feedback.peerJoined(joined, at: feedback.now).encoderBitrate))
    }

    /// Leaves the stream (returns once no packet reaches this peer any more). Idempotent.
    public func stop() async {
        let (subscription, wasSending) = state.withLock { state in
            defer {
                state.phase = .ended
                state.subscription = nil
                state.statistics.isSending = false
            }
            return (state.subscription, state.phase == .sending)
        }
        if let subscription { await stream.unsubscribe(subscription) }
        if wasSending { apply(feedback.peerLeft(peerID, at: feedback.now)) }
    }

    /// Why the stream refused this peer when the connection came up (stream full, encoder
    /// unavailable), if it did: the owner ends the session with that reason.
    public var subscribeFailure: CameraStreamSubscribeError? { state.withLock { $0.subscribeFailure } }

    /// Why the stream ended for this peer without it leaving, if it did.
    public var endReason: CameraStreamEndReason? { state.withLock { $0.endReason } }

    public func streamEnded(_ reason: CameraStreamEndReason) {
        let wasSending = state.withLock { state in
            defer {
                state.phase = .ended
                state.subscription = nil
                state.endReason = reason
                state.statistics.isSending = false
            }
            return state.phase == .sending
        }
        if wasSending { _ = feedback.peerLeft(peerID, at: feedback.now) }
    }

    public var statistics: PeerMediaSenderStatistics {
        var snapshot = state.withLock { state in
            var snapshot = state.statistics
            let responder = state.peerFeedback.nackResponder.counters
            snapshot.packetsRequested = responder.requested
            snapshot.retransmissions = responder.resent
            snapshot.retransmittedBytes = responder.resentBytes
            snapshot.requestsNotInHistory = responder.notInHistory
            snapshot.requestsRateLimited = responder.rateLimited
            snapshot.roundTripTime = state.peerFeedback.senderReports.smoothedRoundTripTime
            snapshot.estimatedBitrate = state.peerFeedback.bitrate.bitrate
            return snapshot
        }
        snapshot.encoderTargetBitrate = feedback.targetBitrate
        return snapshot
    }

    /// Carries out what the stream-wide feedback decided: an IDR, a new encoder target.
    func apply(_ outcome: SenderStreamFeedback.Outcome) {
        if outcome.requestKeyframe { stream.requestKeyframe() }
        if let bitrate = outcome.encoderBitrate { try? stream.setTargetBitrate(bitrate) }
    }

    /// The wall clock as a duration since the Unix epoch, for the NTP time of sender reports.
    static func wallClock() -> Duration {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return .seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
    }
}
