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
///
/// ICE servers a server advertises in `Link` headers are not used: PeerCam contacts no
/// STUN/TURN server it was not configured with. Redirects (307/308) are not followed.
final class WHEPWatchSession {
    private let endpoint: WHEPEndpoint
    private let settings: WatchSessionSettings
    private var driver: WatchSessionDriver
    private var media: WatchMediaPath?
    private var resource: String?

    /// How long candidate gathering may take before the offer goes out with what it has.
    static let gatheringLimit: Duration = .seconds(5)

    init(endpoint: WHEPEndpoint, settings: WatchSessionSettings) {
        self.endpoint = endpoint
        self.settings = settings
        driver = WatchSessionDriver(settings: settings)
    }

    private var logger: Logger { settings.logger }

    func run() async -> WatchSessionOutcome {
        let (events, input) = AsyncStream.makeStream(of: WatchSessionEvent.self)
        let stop = settings.stop
        await withTaskGroup(of: Void.self) { group in
            group.addTask { if let reason = await stop.wait() { input.yield(.stop(reason)) } }
            var finished = await perform(driver.handle(.start) ?? [], group: &group, input: input)
            var iterator = events.makeAsyncIterator()
            while !finished, let event = await iterator.next() {
                finished = await perform(driver.handleCommon(event, context: context) ?? [], group: &group, input: input)
            }
            media?.close(pipeline: settings.pipeline)
            group.cancelAll()
        }
        input.finish()
        return driver.outcome
    }

    private var context: Logger.Metadata { ["resource": "\(resource ?? "-")"] }

    private func perform(_ actions: [WatchSessionDriver.Machine.Action], group: inout TaskGroup<Void>,
                         input: AsyncStream<WatchSessionEvent>.Continuation) async -> Bool {
        var finished = false
        var following: [WatchSessionDriver.Machine.Action] = []
        for action in actions {
            switch action {
            case .sendRequest:
                do throws(ViewerFailure) {
                    let connection = try await subscribe()
                    group.addTask { for await state in connection.connectionStates { input.yield(.peerState(state)) } }
                    following += driver.handle(.streamStarted(SessionID.random()), context: context) ?? []
                } catch {
                    logger.error("WHEP subscription failed", metadata: ["error": "\(error)"])
                    following += driver.fail(error)
                }
            case .scheduleTimeout(let deadline):
                WatchSessionDriver.armTimer(at: deadline, group: &group, input: input)
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
        let fullOffer: String
        do { fullOffer = try await media.connection.createOfferWithCandidates(within: Self.gatheringLimit) } catch {
            throw .stream("cannot make the WHEP offer: \(error)")
        }
        logger.info("posting WHEP offer", metadata: [
            "candidates": "\(fullOffer.components(separatedBy: "a=candidate:").count - 1)", "target": "\(endpoint.target)"])
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
}
