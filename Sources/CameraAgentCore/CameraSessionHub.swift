import CameraPipeline
import DeviceStore
import Foundation
import Logging
import Media
import MediaSession
import PeerCamCore
import Signaling
import WebRTC

/// Every viewer session of the camera, whatever its transport: admission against the
/// caps, one `PeerConnection` + `PeerMediaSender` per session fed from the one shared
/// camera stream, the camera session state machine (docs/protocol.md §6.2) driving each,
/// and deterministic teardown — every session ends with a reason, its peer closed and
/// its subscription gone, on hangup, viewer loss, ICE failure, revocation, camera loss
/// and shutdown.
///
/// An actor: signaling callbacks, connection-state changes, timers and the periodic
/// check all become calls here, one at a time, so the state machines need no locks.
public actor CameraSessionHub: CameraSignalingHandler {
    public struct Limits: Sendable, Equatable {
        public var maxPerStream: Int
        public var maxTotal: Int
        public init(maxPerStream: Int = 8, maxTotal: Int = 32) {
            self.maxPerStream = maxPerStream
            self.maxTotal = maxTotal
        }
    }

    nonisolated public let host: CameraStreamHost
    nonisolated public let limits: Limits
    let peerConfiguration: PeerConnectionConfiguration
    let negotiationTimeout: Duration
    let logger: Logger
    let clock = ContinuousClock()
    var outbox: (any CameraSignalingOutbox)?
    var sessions: [SessionID: CameraSession] = [:]
    /// Recently ended sessions, newest last, for the session list.
    private var recentlyEnded: [CameraSessionSummary] = []
    private var endedByReason: [String: Int] = [:]
    var refusedByCode: [String: Int] = [:]
    /// What closed sessions' senders sent, so metrics counters never go down.
    private var closedSenderTotals = PeerMediaSenderStatistics()
    private var isShuttingDown = false
    /// The audio failure last logged, so each is logged once.
    private var reportedAudioFailure: MediaTime?
    static let recentlyEndedLimit = 64

    public init(host: CameraStreamHost, limits: Limits, peerConfiguration: PeerConnectionConfiguration,
                negotiationTimeout: Duration = .seconds(30), logger: Logger) {
        self.host = host
        self.limits = limits
        self.peerConfiguration = peerConfiguration
        self.negotiationTimeout = negotiationTimeout
        self.logger = logger
    }

    /// Connects the hub to the signaling server once both exist.
    public func attach(_ outbox: any CameraSignalingOutbox) { self.outbox = outbox }

    // MARK: - Signaling (CameraSignalingHandler)

    public func streamRequested(session id: SessionID, request: StreamRequest, requestID: SignalingMessageID,
                                viewer: PairedDevice) async {
        let logger = sessionLogger(id, viewer: viewer.id)
        logger.notice("stream requested", metadata: ["video": "\(request.media.video)", "audio": "\(request.media.audio)"])
        if let refusal = admissionRefusal(for: request.media) {
            refusedByCode[refusal.errorCode.rawValue, default: 0] += 1
            logger.notice("stream refused", metadata: ["code": "\(refusal.errorCode.rawValue)", "why": "\(refusal)"])
            await deliver(.error(id, SignalingErrorReport(code: refusal.errorCode, message: refusal.description, re: requestID)))
            await deliver(.streamEnded(id, refusal.endReason, request: requestID))
            return
        }
        let session: CameraSession
        do {
            session = try makeSession(id: id, viewer: viewer, transport: .signaling(request: requestID),
                                      audio: request.media.audio)
        } catch {
            logger.error("cannot set up the session's connection", metadata: ["error": "\(error)"])
            await deliver(.error(id, SignalingErrorReport(code: .internal, message: "cannot set up the connection", re: requestID)))
            await deliver(.streamEnded(id, .error("camera could not set up the connection"), request: requestID))
            return
        }
        sessions[id] = session
        startCandidateRelay(for: session)
        startFollowingStates(of: session)
        await handle(.accept, for: id)
    }

    public func viewerSent(_ message: SignalingMessage, session id: SessionID, viewer: DeviceID) async {
        guard let session = sessions[id] else { return }
        switch message.body {
        case .streamEnd(_, let reason):
            await handle(.viewerEnded(reason), for: id)
        case .webrtcSignal(_, .sessionDescription(let description)):
            guard description.kind == .answer, session.sender == nil else {
                await deliver(.error(id, SignalingErrorReport(code: .illegalState,
                                                              message: "the camera makes the offer; expected one answer",
                                                              re: message.id)))
                return
            }
            await applyAnswer(description.sdp, to: session, messageID: message.id)
        case .webrtcSignal(_, .candidate(let candidate)):
            do { try session.connection.addRemoteCandidate(candidate.candidate) } catch {
                sessionLogger(id, viewer: viewer).info("remote candidate refused", metadata: ["error": "\(error)"])
                await deliver(.error(id, SignalingErrorReport(code: .invalidValue, message: "candidate refused: \(error)",
                                                              re: message.id)))
            }
        case .webrtcSignal(_, .endOfCandidates):
            try? session.connection.addRemoteEndOfCandidates()
        default:
            await deliver(.error(id, SignalingErrorReport(code: .illegalState, message: "unexpected \(message.type.rawValue)",
                                                          re: message.id)))
        }
    }

    public func sessionsEnded(_ ids: [SessionID], viewer: DeviceID, reason: SessionEndReason) async {
        for id in ids {
            switch reason {
            case .viewerGone: await handle(.viewerGone, for: id)
            default: await handle(.stop(reason), for: id)
            }
        }
    }

    // MARK: - Life cycle

    /// Ends every session with `shutdown` (each viewer gets `stream:ended`), stops the
    /// camera stream and refuses new requests. Returns once everything is closed.
    public func shutDown() async {
        isShuttingDown = true
        for id in Array(sessions.keys) { await handle(.stop(.shutdown), for: id) }
        await host.stream.end(reason: .stopped)
    }

    /// Ends sessions whose media ended underneath them (camera unplugged, encoder failure)
    /// or whose stream refused them; called about once a second by the agent.
    public func checkMedia() async {
        if let failure = host.stream.lastAudioFailure, failure.time != reportedAudioFailure {
            reportedAudioFailure = failure.time
            logger.warning("audio stopped; video goes on", metadata: [
                "reason": "\(failure.reason)", "error": "\(failure.error)"])
        }
        for (id, session) in sessions {
            guard let sender = session.sender else { continue }
            if let reason = sender.endReason {
                sessionLogger(id, viewer: session.viewer.id).warning("camera stream ended", metadata: ["reason": "\(reason)"])
                await handle(.stop(Self.endReason(for: reason)), for: id)
            } else if let failure = sender.subscribeFailure {
                await handle(.stop(Self.endReason(for: failure)), for: id)
            }
        }
    }

    /// Live sessions first (oldest first), then recently ended ones (newest last).
    public func sessionList() -> [CameraSessionSummary] {
        sessions.values.map { $0.summary() }.sorted { $0.startedAt < $1.startedAt } + recentlyEnded
    }

    public var liveSessionCount: Int { sessions.count }

    /// Counts for metrics and `STATUS=`.
    public func snapshot() -> CameraSessionHubSnapshot {
        var snapshot = CameraSessionHubSnapshot()
        for session in sessions.values {
            switch session.machine.state {
            case .requested: snapshot.requested += 1
            case .streaming: snapshot.streaming += 1
            case .ended: break
            }
            if let statistics = session.sender?.statistics { snapshot.senderTotals.accumulate(statistics) }
        }
        snapshot.senderTotals.accumulate(closedSenderTotals)
        snapshot.endedByReason = endedByReason
        snapshot.refusedByCode = refusedByCode
        return snapshot
    }

    // MARK: - Sessions

    func admissionRefusal(for media: StreamMedia) -> CameraAdmissionRefusal? {
        if isShuttingDown { return .shuttingDown }
        if !media.video { return .videoRequired }
        if sessions.count >= limits.maxTotal { return .cameraFull(limit: limits.maxTotal) }
        // One stream today: every session is on "main".
        if sessions.count >= limits.maxPerStream { return .streamFull(limit: limits.maxPerStream) }
        return nil
    }

    func makeSession(id: SessionID, viewer: PairedDevice, transport: CameraSessionTransport,
                     audio: Bool) throws -> CameraSession {
        let router = PeerMediaPacketRouter()
        let connection = PeerConnection(configuration: peerConfiguration, onPacket: router.handler)
        try connection.addTransceiver(.video, direction: .sendonly)
        if audio, host.stream.configuration.audio != nil { try connection.addTransceiver(.audio, direction: .sendonly) }
        return CameraSession(id: id, viewer: viewer, transport: transport, connection: connection, router: router,
                             clock: clock, negotiationTimeout: negotiationTimeout)
    }

    /// Applies the viewer's answer and makes the session's sender.
    private func applyAnswer(_ sdp: String, to session: CameraSession, messageID: SignalingMessageID) async {
        do {
            try session.connection.setRemoteAnswer(sdp)
            try attachSender(to: session)
            sessionLogger(session.id, viewer: session.viewer.id).notice("answer applied")
        } catch {
            sessionLogger(session.id, viewer: session.viewer.id).warning("answer refused", metadata: ["error": "\(error)"])
            await deliver(.error(session.id, SignalingErrorReport(code: .invalidValue, message: "answer refused: \(error)",
                                                                  re: messageID)))
            await handle(.stop(.error("the answer could not be used")), for: session.id)
        }
    }

    func attachSender(to session: CameraSession) throws {
        let sender = try PeerMediaSender(connection: session.connection, stream: host.stream, feedback: host.feedback,
                                         bitrateRange: host.bitrateRange)
        session.sender = sender
        session.router.attach(sender)
    }

    /// Trickles the camera's candidates to the viewer (signaling sessions only).
    private func startCandidateRelay(for session: CameraSession) {
        let candidates = session.connection.localCandidates
        let id = session.id
        session.tasks.append(Task { [weak self] in
            for await candidate in candidates {
                let signal: WebRTCSignal = switch candidate {
                case .candidate(let line, let mid):
                    .candidate(ICECandidateDescription(candidate: line, sdpMid: mid, sdpMLineIndex: 0))
                case .endOfCandidates: .endOfCandidates
                }
                await self?.deliver(.webrtcSignal(id, signal))
            }
        })
    }

    /// Forwards connection states to the session's sender and state machine.
    func startFollowingStates(of session: CameraSession) {
        let states = session.connection.connectionStates
        let id = session.id
        session.tasks.append(Task { [weak self] in
            for await state in states {
                await self?.connectionStateChanged(state, for: id)
                if state.isFinished { return }
            }
        })
    }

    private func connectionStateChanged(_ state: PeerConnectionState, for id: SessionID) async {
        guard let session = sessions[id] else { return }
        await session.sender?.connectionStateChanged(state)
        switch state {
        case .connected:
            if let failure = session.sender?.subscribeFailure {
                await handle(.stop(Self.endReason(for: failure)), for: id)
            } else if session.sender == nil {
                await handle(.stop(.error("connected without a negotiated sender")), for: id)
            } else {
                session.connectedAt = Date()
                await handle(.mediaConnected, for: id)
            }
        case .failed(.dtlsClosedByPeer):
            // close_notify: the viewer closed its end on purpose, often just before (or
            // instead of) its `stream:end` reaches us. A hangup, not a failure.
            await handle(.viewerEnded(.hangup), for: id)
        case .failed(let failure):
            sessionLogger(id, viewer: session.viewer.id).notice("connection failed", metadata: ["failure": "\(failure)"])
            await handle(.mediaFailed, for: id)
        case .new, .checking, .closed:
            break
        }
    }

    // MARK: - State machine

    /// Feeds one event to a session's state machine and carries out its actions.
    func handle(_ event: CameraSession.Machine.Event, for id: SessionID) async {
        guard let session = sessions[id] else { return }
        let actions: [CameraSession.Machine.Action]
        do { actions = try session.machine.handle(event) } catch {
            sessionLogger(id, viewer: session.viewer.id).debug("event ignored", metadata: ["event": "\(event)"])
            return
        }
        for action in actions { await perform(action, on: session) }
    }

    private func perform(_ action: CameraSession.Machine.Action, on session: CameraSession) async {
        let logger = sessionLogger(session.id, viewer: session.viewer.id)
        switch action {
        case .sendAccept:
            guard case .signaling(let request) = session.transport else { return }
            await deliver(.streamStarted(session.id, request: request))
        case .sendOffer:
            guard case .signaling = session.transport else { return }
            do {
                let offer = try session.connection.createOffer()
                await deliver(.webrtcSignal(session.id, .sessionDescription(SDPSessionDescription(kind: .offer, sdp: offer))))
            } catch {
                logger.error("cannot make an offer", metadata: ["error": "\(error)"])
                await handle(.stop(.error("the camera could not make an offer")), for: session.id)
            }
        case .scheduleTimeout(let deadline):
            session.timer?.cancel()
            let id = session.id
            session.timer = Task { [weak self, clock] in
                guard (try? await Task.sleep(until: deadline, clock: clock)) != nil else { return }
                await self?.handle(.timeoutFired, for: id)
            }
        case .cancelTimeout:
            session.timer?.cancel()
            session.timer = nil
        case .startMedia:
            logger.notice("media connected")
        case .sendEnded(_, let reason):
            guard case .signaling = session.transport else { return }
            await deliver(.streamEnded(session.id, reason, request: nil))
        case .close(let reason):
            await close(session, reason: reason)
        }
    }

    /// Tears a session down: peer closed, stream left, tasks ended, moved to the ended list.
    private func close(_ session: CameraSession, reason: SessionEndReason) async {
        // Bookkeeping first, before any suspension: whoever the actor serves next sees the
        // session either live or in the ended list, never in neither.
        sessions[session.id] = nil
        session.timer?.cancel()
        for task in session.tasks { task.cancel() }
        session.connection.close()
        if let statistics = session.sender?.statistics { closedSenderTotals.accumulate(statistics) }
        endedByReason[reason.code, default: 0] += 1
        recentlyEnded.append(session.summary(ended: (reason, Date())))
        if recentlyEnded.count > Self.recentlyEndedLimit { recentlyEnded.removeFirst(recentlyEnded.count - Self.recentlyEndedLimit) }
        sessionLogger(session.id, viewer: session.viewer.id).notice("session closed", metadata: [
            "reason": "\(reason.code)", "transport": "\(session.transport.name)", "live": "\(sessions.count)"])
        await session.sender?.stop()
        session.router.detach()
        if case .whep = session.transport { await outbox?.whepSessionEnded(session.id) }
    }

    // MARK: - Helpers

    func deliver(_ body: SignalingMessage.Body) async {
        guard let outbox else { return }
        let message = SignalingMessage(id: outbox.makeMessageID(), body: body)
        do { try await outbox.send(message) } catch {
            // The viewer's connection is gone; its sessions end through `sessionsEnded`.
            logger.debug("message not delivered", metadata: ["type": "\(message.type.rawValue)", "error": "\(error)"])
        }
    }

    func sessionLogger(_ id: SessionID, viewer: DeviceID) -> Logger {
        var logger = logger
        logger[metadataKey: "session"] = "\(id)"
        logger[metadataKey: "viewer"] = "\(viewer)"
        return logger
    }

    static func endReason(for reason: CameraStreamEndReason) -> SessionEndReason {
        switch reason {
        case .cameraGone, .microphoneGone: .cameraGone
        case .encoderFailed: .error("the camera's encoder failed")
        case .stopped: .shutdown
        }
    }

    static func endReason(for failure: CameraStreamSubscribeError) -> SessionEndReason {
        switch failure {
        case .perStreamLimitReached: .busy
        case .alreadySubscribed: .error("already subscribed")
        case .videoEncoderUnavailable: .error("the camera's encoder could not start")
        }
    }
}

/// Session counts and live sender statistics at one moment.
public struct CameraSessionHubSnapshot: Sendable {
    public var requested = 0
    public var streaming = 0
    /// Every sender's counters added up, closed sessions included.
    public var senderTotals = PeerMediaSenderStatistics()
    public var endedByReason: [String: Int] = [:]
    public var refusedByCode: [String: Int] = [:]
}
