import Logging
import PeerCamCore
import Signaling
import WebRTC

/// One stream from a paired camera over its signaling WebSocket (`docs/protocol.md` §5.12):
/// `stream:request` → `stream:started` → the camera's offer → our answer → candidates both
/// ways (early ones buffered until the offer is applied) → media → `stream:end` or
/// `stream:ended`. The `ViewerSessionStateMachine` decides every transition; this type merges
/// the event sources into one stream and carries the machine's actions out.
///
/// There is no ICE restart in version 1 of the protocol (and `PeerConnection` cannot do one):
/// a lost connection ends the session, and ``ViewerWatch`` starts a fresh one.
final class SignalingWatchSession {
    private let camera: PairedCamera
    private let settings: WatchSessionSettings
    private var driver: WatchSessionDriver
    private var connection: SignalingClientConnection?
    private var requestID: SignalingMessageID?
    private var media: WatchMediaPath?
    /// Candidates that arrived before the offer (a PeerConnection exists only once it has).
    private var earlyCandidates: [WebRTCSignal] = []

    init(camera: PairedCamera, settings: WatchSessionSettings) {
        self.camera = camera
        self.settings = settings
        driver = WatchSessionDriver(settings: settings)
    }

    var logger: Logger { settings.logger }

    func run() async -> WatchSessionOutcome {
        let connection: SignalingClientConnection
        do {
            connection = try await SignalingClient.connect(to: camera, logger: logger)
        } catch {
            return .failed(ViewerFailure(error, while: "connecting to \(camera.endpoint)"), retryable: !error.isAuthorizationFailure)
        }
        self.connection = connection
        logger.info("signaling connected", metadata: ["camera": "\(camera.camera.name)", "url": "\(camera.endpoint)"])
        let (events, input) = AsyncStream.makeStream(of: WatchSessionEvent.self)
        let stop = settings.stop
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await message in connection.messages { input.yield(.message(message)) }
                input.yield(.signalingClosed(closeCode: connection.closeCode))
            }
            group.addTask { if let reason = await stop.wait() { input.yield(.stop(reason)) } }
            var finished = perform(handle(.start), group: &group, input: input)
            var iterator = events.makeAsyncIterator()
            while !finished, let event = await iterator.next() {
                finished = perform(react(to: event), group: &group, input: input)
            }
            media?.close(pipeline: settings.pipeline)
            if await !BoundedWait.run(within: Self.closeLimit, { await connection.close() }) {
                logger.warning("the camera did not answer the WebSocket close; going on without it")
            }
            group.cancelAll()
        }
        input.finish()
        return driver.outcome
    }

    typealias Action = WatchSessionDriver.Machine.Action

    // MARK: - Events

    /// How long closing the WebSocket may wait for the camera's close frame.
    static let closeLimit: Duration = .seconds(2)

    /// How long a peer hang-up (DTLS close_notify) waits for the signaling channel to say why.
    /// A camera that ends a session (revocation, shutdown) closes the peer and the WebSocket
    /// at about the same moment; the signaling reason is the one to act on (`revoked` must not
    /// be taken for an ICE failure and retried).
    static let peerHangupGrace: Duration = .milliseconds(500)

    /// What an event means for the state machine (or for the media directly).
    private func react(to event: WatchSessionEvent) -> [Action] {
        if case .peerState(let state) = event, state == .failed(.dtlsClosedByPeer) {
            heldPeerFailure = state
            return []
        }
        if let actions = driver.handleCommon(event, context: context) { return actions }
        switch event {
        case .message(let message): return receive(message)
        case .signalingClosed(let closeCode):
            if closeCode == 1008 { return handle(.remoteEnded(.revoked)) }
            if closeCode == 1001 { return handle(.remoteEnded(.shutdown)) }
            return handle(.signalingLost)
        case .peerState, .heldPeerFailure, .timeoutFired, .stop:
            return []
        }
    }

    private var context: Logger.Metadata { ["session": "\(currentSession.map(\.rawValue) ?? "-")"] }

    private func receive(_ message: SignalingMessage) -> [Action] {
        switch message.body {
        case .streamStarted(let session, let request):
            guard request == requestID else { return answerUnknownSession(message) }
            logger.info("stream started", metadata: ["session": "\(session)"])
            return handle(.streamStarted(session), answering: message)
        case .streamEnded(let session, let reason, let request):
            guard request == requestID || session == currentSession else { return [] }  // crossed a stream:end (§5.7)
            logger.info("stream ended by camera", metadata: ["session": "\(session)", "reason": "\(reason)"])
            return handle(.remoteEnded(reason))
        case .webrtcSignal(let session, let signal):
            guard session == currentSession else { return answerUnknownSession(message) }
            return apply(signal, message: message)
        case .error(_, let report):
            logger.warning("camera reported an error", metadata: ["code": "\(report.code)", "message": "\(report.message)"])
            if report.re == requestID, case .connecting(nil) = driver.machine.state {
                let text = "the camera refused the stream request: \(report.code) \(report.message)"
                return driver.fail(report.code == .unauthorized || report.code == .forbidden ? .unauthorized(text) : .stream(text))
            }
            return []
        case .streamRequest, .streamRequested, .streamAccept, .streamEnd:
            reply(to: message, .forbidden, "a camera server does not send \(message.type.rawValue) to a viewer")
            return []
        }
    }

    private var currentSession: SessionID? { driver.session }

    /// An offer, candidate or end of candidates for our session.
    private func apply(_ signal: WebRTCSignal, message: SignalingMessage) -> [Action] {
        switch signal {
        case .sessionDescription(let description):
            guard description.kind == .offer, media == nil else {
                reply(to: message, .illegalState, "only one offer per session; the viewer never takes an answer")
                return []
            }
            do throws(ViewerFailure) {
                try answer(description.sdp, for: message)
            } catch {
                logger.error("cannot answer the camera's offer", metadata: ["error": "\(error)"])
                return driver.fail(error)
            }
            return []
        case .candidate, .endOfCandidates:
            guard let media else {
                earlyCandidates.append(signal)
                return []
            }
            add(signal, to: media.connection)
            return []
        }
    }

    private func add(_ signal: WebRTCSignal, to connection: PeerConnection) {
        do {
            switch signal {
            case .candidate(let candidate): try connection.addRemoteCandidate(candidate.candidate)
            case .endOfCandidates: try connection.addRemoteEndOfCandidates()
            case .sessionDescription: break
            }
        } catch {
            logger.warning("remote candidate refused", metadata: ["error": "\(error)"])
        }
    }

    private func answer(_ offer: String, for message: SignalingMessage) throws(ViewerFailure) {
        guard let session = currentSession, let connection else { return }
        let media = try WatchMediaPath(configuration: settings.peerConnectionConfiguration, audio: settings.audio)
        self.media = media
        let answer: String
        do {
            try media.connection.setRemoteOffer(offer)
            answer = try media.connection.createAnswer()
        } catch {
            reply(to: message, .invalidValue, "offer not usable: \(String(describing: error).prefix(40))")
            throw .stream("the camera's offer cannot be answered: \(error)")
        }
        try media.startReceiving(into: settings.pipeline)
        connection.send(SignalingMessage(id: connection.makeMessageID(),
                                         body: .webrtcSignal(session, .sessionDescription(.init(kind: .answer, sdp: answer)))))
        logger.info("answer sent", metadata: ["session": "\(session)"])
        for signal in earlyCandidates { add(signal, to: media.connection) }
        earlyCandidates = []
        pendingPeer = media.connection
    }

    /// Set by `answer`: the connection whose candidates and states need watching tasks.
    private var pendingPeer: PeerConnection?
    /// A peer hang-up to deliver again after `peerHangupGrace` unless signaling explains it first.
    private var heldPeerFailure: PeerConnectionState?

    // MARK: - State machine

    private func handle(_ event: WatchSessionDriver.Machine.Event, answering message: SignalingMessage? = nil) -> [Action] {
        guard let actions = driver.handle(event, context: context) else {
            if let message { reply(to: message, .illegalState, "not allowed in the session's current state") }
            return []
        }
        return actions
    }

    /// Carries out the machine's actions (and starts the tasks a new peer connection needs);
    /// returns true once the session is over.
    private func perform(_ actions: [Action],
                         group: inout TaskGroup<Void>, input: AsyncStream<WatchSessionEvent>.Continuation) -> Bool {
        if let peer = pendingPeer, let connection, let session = currentSession {
            pendingPeer = nil
            group.addTask {
                for await candidate in peer.localCandidates {
                    let signal: WebRTCSignal = switch candidate {
                    case .candidate(let line, let mid):
                        .candidate(ICECandidateDescription(candidate: line, sdpMid: mid, sdpMLineIndex: 0))
                    case .endOfCandidates: .endOfCandidates
                    }
                    connection.send(SignalingMessage(id: connection.makeMessageID(), body: .webrtcSignal(session, signal)))
                }
            }
            group.addTask { for await state in peer.connectionStates { input.yield(.peerState(state)) } }
        }
        if let held = heldPeerFailure {
            heldPeerFailure = nil
            let grace = Self.peerHangupGrace
            let event = WatchSessionEvent.heldPeerFailure(held)
            group.addTask {
                guard (try? await Task.sleep(for: grace)) != nil else { return }
                input.yield(event)
            }
        }
        var finished = false
        for action in actions {
            switch action {
            case .sendRequest:
                guard let connection else { continue }
                let id = connection.makeMessageID()
                requestID = id
                connection.send(SignalingMessage(id: id, body: .streamRequest(StreamRequest(
                    media: StreamMedia(video: true, audio: settings.audio)))))
                logger.info("stream requested", metadata: ["request": "\(id)"])
            case .scheduleTimeout(let deadline):
                WatchSessionDriver.armTimer(at: deadline, group: &group, input: input)
            case .cancelTimeout:
                break  // a stale timer is ignored by the machine (§6)
            case .sendEnd(let session, let reason):
                guard let connection else { continue }
                connection.send(SignalingMessage(id: connection.makeMessageID(), body: .streamEnd(session, reason)))
                logger.info("stream:end sent", metadata: ["session": "\(session)", "reason": "\(reason)"])
            case .close(let reason):
                logger.info("session ended", metadata: ["reason": "\(reason)"])
                finished = true
            }
        }
        return finished
    }

    private func reply(to message: SignalingMessage, _ code: SignalingErrorCode, _ text: String) {
        guard message.type != .error, let connection else { return }
        connection.send(SignalingMessage(id: connection.makeMessageID(),
                                         body: .error(message.session, SignalingErrorReport(code: code, message: text, re: message.id))))
    }

    private func answerUnknownSession(_ message: SignalingMessage) -> [Action] {
        reply(to: message, .unknownSession, "no live session of this connection has that id")
        return []
    }
}
