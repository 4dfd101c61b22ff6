import Logging
import PeerCamCore
import Signaling
import WebRTC

/// One stream from a WHEP server ([RFC 9725](https://www.rfc-editor.org/rfc/rfc9725)): this viewer
/// makes a receive-only H264 + Opus offer, POSTs it as `application/sdp`, applies the `201`
/// answer, and DELETEs the resource named by `Location` when it hangs up.
///
/// Candidates: the offer is sent once gathering finished, with every candidate and
/// `a=end-of-candidates` in it (RFC 9725 §4.3 allows this in place of trickling), so nothing
/// needs a PATCH; host gathering takes milliseconds. The session runs the same
/// `ViewerSessionStateMachine` as a signaling session, with the POST as the request and the
/// DELETE as `stream:end`; the machine's session id is made up locally (WHEP has none).
final class WHEPWatchSession {
    private let endpoint: WHEPEndpoint
    private let settings: WatchSessionSettings
    private var machine: ViewerSessionStateMachine<ContinuousClock>
    private var media: WatchMediaPath?
    private var resource: String?
    private var reachedActive = false
    private var stoppedBy: WatchStopReason?
    private var failure: ViewerFailure?
    private var endDetail: String?

    /// How long candidate gathering may take before the offer goes out with what it has.
    static let gatheringLimit: Duration = .seconds(5)

    init(endpoint: WHEPEndpoint, settings: WatchSessionSettings) {
        self.endpoint = endpoint
        self.settings = settings
        machine = ViewerSessionStateMachine(clock: ContinuousClock(), connectTimeout: settings.connectTimeout)
    }

    private var logger: Logger { settings.logger }

    func run() async -> WatchSessionOutcome {
        let (events, input) = AsyncStream.makeStream(of: WatchSessionEvent.self)
        let stop = settings.stop
        await withTaskGroup(of: Void.self) { group in
            group.addTask { if let reason = await stop.wait() { input.yield(.stop(reason)) } }
            var finished = await perform(handle(.start), group: &group, input: input)
            var iterator = events.makeAsyncIterator()
            while !finished, let event = await iterator.next() {
                finished = await perform(react(to: event), group: &group, input: input)
            }
            media?.close(pipeline: settings.pipeline)
            group.cancelAll()
        }
        input.finish()
        if let failure { return .failed(failure, retryable: failure.exitCode != .unauthorized) }
        guard case .ended(let reason) = machine.state else {
            return .ended(.error("session left unfinished"), reachedActive: reachedActive, stoppedBy: stoppedBy)
        }
        return .ended(reason, reachedActive: reachedActive, stoppedBy: stoppedBy, detail: endDetail)
    }

    private func react(to event: WatchSessionEvent) -> [ViewerSessionStateMachine<ContinuousClock>.Action] {
        switch event {
        case .peerState(let state):
            logger.debug("peer connection", metadata: ["state": "\(state)"])
            if case .failed(let why) = state { endDetail = "\(why)" }
            return state.viewerSessionEvent.map { handle($0) } ?? []
        case .timeoutFired: return handle(.timeoutFired)
        case .stop(let reason):
            stoppedBy = reason
            return handle(.stop(.hangup))
        case .message, .signalingClosed:
            return []  // WHEP has no signaling channel
        }
    }

    private func handle(_ event: ViewerSessionStateMachine<ContinuousClock>.Event) -> [ViewerSessionStateMachine<ContinuousClock>.Action] {
        do {
            let actions = try machine.handle(event)
            settings.onStateChange(machine.state.name)
            if event == .mediaConnected {
                reachedActive = true
                logger.info("media connected", metadata: ["resource": "\(resource ?? "-")"])
            }
            return actions
        } catch {
            logger.debug("event ignored in this state", metadata: ["event": "\(event)", "state": "\(machine.state)"])
            return []
        }
    }

    private func perform(_ actions: [ViewerSessionStateMachine<ContinuousClock>.Action], group: inout TaskGroup<Void>,
                         input: AsyncStream<WatchSessionEvent>.Continuation) async -> Bool {
        var finished = false
        var following: [ViewerSessionStateMachine<ContinuousClock>.Action] = []
        for action in actions {
            switch action {
            case .sendRequest:
                do throws(ViewerFailure) {
                    let connection = try await subscribe()
                    group.addTask { for await state in connection.connectionStates { input.yield(.peerState(state)) } }
                    following += handle(.streamStarted(SessionID.random()))
                } catch {
                    logger.error("WHEP subscription failed", metadata: ["error": "\(error)"])
                    failure = error
                    following += handle(.stop(.error(error.description)))
                }
            case .scheduleTimeout(let deadline):
                group.addTask {
                    guard (try? await ContinuousClock().sleep(until: deadline)) != nil else { return }
                    input.yield(.timeoutFired)
                }
            case .cancelTimeout:
                break  // a stale timer is ignored by the machine
            case .sendEnd:
                await deleteResource()
            case .close(let reason):
                logger.info("session ended", metadata: ["reason": "\(reason)"])
                finished = true
            }
        }
        if !following.isEmpty, await perform(following, group: &group, input: input) { finished = true }
        return finished
    }

    /// Offer → POST → answer; returns the connected-to-be peer connection.
    private func subscribe() async throws(ViewerFailure) -> PeerConnection {
        let media = try WatchMediaPath(configuration: settings.peerConnectionConfiguration, audio: settings.audio)
        self.media = media
        let offer: String
        do { offer = try media.connection.createOffer() } catch { throw .stream("cannot make the WHEP offer: \(error)") }
        let candidates = await Self.gatherCandidates(of: media.connection, within: Self.gatheringLimit)
        let fullOffer = SDPCandidateLines.adding(candidates, to: offer)
        logger.info("posting WHEP offer", metadata: ["candidates": "\(candidates.count)", "target": "\(endpoint.target)"])
        let answer: OneShotHTTPRequest.Answer
        do {
            answer = try await endpoint.request("POST", target: endpoint.target, contentType: "application/sdp",
                                                body: Array(fullOffer.utf8), extraHeaders: [("Accept", "application/sdp")]).send()
        } catch {
            throw ViewerFailure(error, while: "WHEP POST \(endpoint.target)")
        }
        try Self.requireCreated(answer, what: "WHEP POST \(endpoint.target)")
        guard let location = answer.header("Location") else { throw .stream("WHEP server answered 201 without a Location") }
        resource = try endpoint.resourceTarget(location: location)
        do { try media.connection.setRemoteAnswer(String(decoding: answer.body, as: UTF8.self)) } catch {
            throw .stream("the WHEP server's answer cannot be used: \(error)")
        }
        try media.startReceiving(into: settings.pipeline)
        logger.info("WHEP session created", metadata: ["resource": "\(resource ?? "-")"])
        return media.connection
    }

    /// Turns a non-201 answer into the failure that says why, with the server's own body.
    static func requireCreated(_ answer: OneShotHTTPRequest.Answer, what: String) throws(ViewerFailure) {
        guard answer.status != 201 else { return }
        let body = String(decoding: answer.body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let detail = "\(what): HTTP \(answer.status)\(body.isEmpty ? "" : ": \(body)")"
        switch answer.status {
        case 401, 403: throw .unauthorized(detail)
        default: throw .stream(detail)
        }
    }

    /// DELETE on the session resource (RFC 9725 §4.2); idempotent on the server side.
    private func deleteResource() async {
        guard let resource else { return }
        self.resource = nil
        do {
            let answer = try await endpoint.request("DELETE", target: resource).send()
            logger.info("WHEP resource deleted", metadata: ["resource": "\(resource)", "status": "\(answer.status)"])
        } catch {
            logger.warning("WHEP DELETE failed", metadata: ["resource": "\(resource)", "error": "\(error)"])
        }
    }

    /// Local candidates until end-of-candidates, or what arrived within `limit`.
    static func gatherCandidates(of connection: PeerConnection, within limit: Duration) async -> [String] {
        await withTaskGroup(of: [String]?.self) { group in
            group.addTask {
                var lines: [String] = []
                for await candidate in connection.localCandidates {
                    switch candidate {
                    case .candidate(let line, _): lines.append(line)
                    case .endOfCandidates: return lines
                    }
                }
                return lines
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            if let first { return first }
            return await group.next().flatMap { $0 } ?? []
        }
    }
}
