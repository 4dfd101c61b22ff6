import Crypto
import DeviceStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PeerCamCore
import SDP

/// WHEP on the camera's HTTPS port (`docs/protocol.md` §10): RFC 9725's HTTP mechanics in the
/// egress direction, with the same bearer tokens as signaling.
///
/// | request | answer |
/// |---|---|
/// | `POST /whep/{stream}` (`application/sdp` offer) | 201 answer, `Location`, `ETag`, `Accept-Patch`, `Link` |
/// | `PATCH /whep/{stream}/sessions/{id}` (`application/trickle-ice-sdpfrag`) | 204 trickle; 200 + fragment + new `ETag` for an ICE restart (`If-Match: *`) |
/// | `DELETE /whep/{stream}/sessions/{id}` | 204, also for a resource that does not exist (idempotent) |
/// | `OPTIONS` on either | 204 with CORS allowances (`WHEPCORSMiddleware`) |
extension SignalingServer {
    /// Largest offer or fragment read. Browser offers are 3–10 KB; 64 KiB leaves room for
    /// simulcast-heavy ones and still bounds what an authenticated client can make us buffer.
    static var whepMaximumBodySize: Int { 64 * 1024 }

    /// The `Location` of a session resource.
    static func whepResourcePath(stream: String, session: SessionID) -> String {
        "/whep/\(stream)/sessions/\(session)"
    }

    func addWHEPRoutes(to router: Router<SignalingRequestContext>, handler: any WHEPSessionHandler) {
        router.post("/whep/:stream") { request, context -> Response in
            try await self.createWHEPSession(request, context: context, handler: handler)
        }
        router.patch("/whep/:stream/sessions/:session") { request, context -> Response in
            try await self.updateWHEPSession(request, context: context, handler: handler)
        }
        router.delete("/whep/:stream/sessions/:session") { request, context -> Response in
            try await self.deleteWHEPSession(request, context: context, handler: handler)
        }
    }

    /// Lets the server forget a WHEP session the agent ended on its own (ICE failure, time-out,
    /// camera gone); a later PATCH gets 404 and a DELETE 204 without reaching the handler.
    public func whepSessionEnded(_ session: SessionID) async {
        await whepSessions.remove(session)
    }

    /// Live WHEP session resources (for metrics and tests).
    public func whepSessionCount() async -> Int { await whepSessions.count }

    // MARK: - Requests

    private func createWHEPSession(_ request: Request, context: SignalingRequestContext,
                                   handler: any WHEPSessionHandler) async throws -> Response {
        let viewer = try context.requireViewer()
        let stream = try Self.streamName(context)
        guard WHEPMediaType.matches(request.headers[.contentType], WHEPMediaType.sdp) else {
            throw SignalingHTTPRefusal.unsupportedMediaType(expected: WHEPMediaType.sdp)
        }
        let offer = try await Self.offerText(request)
        let session = await whepSessions.reserve(for: viewer.id)
        let logger = whepLogger(session, viewer: viewer.id)
        let answer: String
        do {
            answer = try await handler.createSession(session, stream: stream, offer: offer, viewer: viewer)
        } catch {
            await whepSessions.abandon(session)
            logger.notice("WHEP offer refused", metadata: ["refusal": "\(error)", "stream": "\(stream)"])
            throw error.httpRefusal
        }
        let eTag = Self.makeETag()
        guard await whepSessions.commit(session, stream: stream, eTag: eTag) else {
            // Revoked while the agent answered: the session must not outlive the token.
            await handler.sessionsEnded([session], viewer: viewer.id, reason: .revoked)
            throw SignalingHTTPRefusal.revokedToken
        }
        logger.notice("WHEP session created", metadata: ["stream": "\(stream)"])
        var headers: HTTPFields = [
            .contentType: WHEPMediaType.sdp,
            .location: Self.whepResourcePath(stream: stream, session: session),
            .eTag: eTag,
            .acceptPatch: WHEPMediaType.trickleFragment,
            .cacheControl: "no-store",
        ]
        for server in configuration.iceServers { headers.append(HTTPField(name: .link, value: server.linkHeaderValue)) }
        return Response(status: .created, headers: headers, body: .init(byteBuffer: ByteBuffer(string: answer)))
    }

    private func updateWHEPSession(_ request: Request, context: SignalingRequestContext,
                                   handler: any WHEPSessionHandler) async throws -> Response {
        let viewer = try context.requireViewer()
        guard let owned = try await ownedResource(context, viewer: viewer) else {
            throw WHEPRefusal.unknownSession.httpRefusal
        }
        let (session, resource) = owned
        guard WHEPMediaType.matches(request.headers[.contentType], WHEPMediaType.trickleFragment) else {
            throw SignalingHTTPRefusal.unsupportedMediaType(expected: WHEPMediaType.trickleFragment)
        }
        let kind = try Self.patchKind(ifMatch: request.headers[values: .ifMatch], current: resource.eTag)
        let text = try await Self.bodyText(request, empty: .malformedFragment("no body"))
        let patch = try WHEPSessionPatch(kind: kind, validating: text)
        let logger = whepLogger(session, viewer: viewer.id)
        let update: WHEPSessionUpdate
        do {
            update = try await handler.updateSession(session, patch: patch, viewer: viewer.id)
        } catch {
            if error == .unknownSession { await whepSessions.remove(session) }
            logger.info("WHEP PATCH refused", metadata: ["refusal": "\(error)", "kind": "\(kind.rawValue)"])
            throw error.httpRefusal
        }
        switch update {
        case .applied:
            logger.debug("WHEP candidates applied", metadata: ["candidates": "\(patch.candidates.count)"])
            return Response(status: .noContent)
        case .restarted(let answerFragment):
            let eTag = Self.makeETag()
            await whepSessions.setETag(eTag, of: session)
            logger.notice("WHEP ICE restart")
            return Response(status: .ok,
                            headers: [.contentType: WHEPMediaType.trickleFragment, .eTag: eTag, .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: answerFragment)))
        }
    }

    private func deleteWHEPSession(_ request: Request, context: SignalingRequestContext,
                                   handler: any WHEPSessionHandler) async throws -> Response {
        let viewer = try context.requireViewer()
        // RFC 9725 §4.2 ends a session with DELETE; one that is already gone is not an error.
        guard let session = try await ownedResource(context, viewer: viewer)?.0, await whepSessions.remove(session)
        else { return Response(status: .noContent) }
        let wasLive = await handler.deleteSession(session, viewer: viewer.id)
        let logger = whepLogger(session, viewer: viewer.id)
        logger.notice("WHEP session deleted", metadata: ["wasLive": "\(wasLive)"])
        return Response(status: .noContent)
    }

    /// Log lines of one WHEP session carry its id and viewer, like signaling's (issue 6).
    private func whepLogger(_ session: SessionID, viewer: DeviceID) -> Logger {
        var logger = logger
        logger[metadataKey: "session"] = "\(session)"
        logger[metadataKey: "viewer"] = "\(viewer)"
        return logger
    }

    // MARK: - Validation

    /// The session named by the path and its resource: nil when unknown, malformed or under
    /// another stream's path (404 for PATCH, 204 for DELETE); another viewer's session is
    /// refused with 403.
    private func ownedResource(_ context: SignalingRequestContext, viewer: PairedDevice) async throws
        -> (SessionID, WHEPSessionRegistry.Resource)? {
        let stream = try Self.streamName(context)
        guard let text = context.parameters.get("session"), let session = try? SessionID(parsing: text),
              let resource = await whepSessions.resource(session), resource.stream == stream else { return nil }
        guard resource.viewer == viewer.id else { throw SignalingHTTPRefusal.notSessionOwner }
        return (session, resource)
    }

    /// Stream names are path segments of `[A-Za-z0-9._-]`, 1–64 long; anything else names no stream.
    static func streamName(_ context: SignalingRequestContext) throws(SignalingHTTPRefusal) -> String {
        guard let name = context.parameters.get("stream"), (1...64).contains(name.utf8.count),
              name.utf8.allSatisfy({ $0.isASCIIAlphanumeric || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_")
                  || $0 == UInt8(ascii: "-") })
        else {
            throw WHEPRefusal.unknownStream(context.parameters.get("stream") ?? "").httpRefusal
        }
        return name
    }

    /// RFC 9725 §4.3: `If-Match: *` asks for an ICE restart; an entity tag must be the current
    /// one (412 otherwise); no `If-Match` is taken as trickle for the current ICE session.
    static func patchKind(ifMatch values: [String], current: String) throws(SignalingHTTPRefusal) -> WHEPSessionPatch.Kind {
        let tags = values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        if tags.isEmpty { return .trickle }
        if tags == ["*"] { return .iceRestart }
        guard tags.contains(current) else { throw WHEPRefusal.preconditionFailed.httpRefusal }
        return .trickle
    }

    /// The offer's text, normalised (final CRLF): 413 over the limit, 400 when absent, blank,
    /// not UTF-8 or not SDP.
    static func offerText(_ request: Request) async throws -> String {
        let text = SDPSessionDescription.normalizedText(try await bodyText(request, empty: nil))
        do {
            _ = try SDPSessionDescription(parsing: text)
        } catch {
            throw WHEPRefusal.malformedOffer(String(describing: error)).httpRefusal
        }
        return text
    }

    /// A WHEP body as text. `empty` is the refusal for no body at all (nil: `missing-offer`).
    static func bodyText(_ request: Request, empty: WHEPRefusal?) async throws -> String {
        var request = request
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: whepMaximumBodySize) } catch {
            throw SignalingHTTPRefusal.bodyTooLarge(limit: whepMaximumBodySize)
        }
        guard body.readableBytes > 0 else { throw empty?.httpRefusal ?? SignalingHTTPRefusal.missingOffer }
        guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
            throw (empty ?? .malformedOffer("")).withReason("the body is not UTF-8").httpRefusal
        }
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw empty?.httpRefusal ?? SignalingHTTPRefusal.emptyOffer
        }
        return text
    }

    /// A strong entity tag (RFC 9110 §8.8.3) naming one ICE session: 128 random bits.
    static func makeETag() -> String {
        let bytes = SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }
        return "\"" + bytes.map { String(format: "%02x", $0) }.joined() + "\""
    }
}

extension WHEPRefusal {
    /// The same refusal kind with another explanation (for the body-reading refusals).
    func withReason(_ reason: String) -> WHEPRefusal {
        switch self {
        case .malformedFragment: .malformedFragment(reason)
        default: .malformedOffer(reason)
        }
    }
}

extension SignalingRequestContext {
    /// The authenticated caller, who must be a viewer (403 for a camera token).
    func requireViewer() throws(SignalingHTTPRefusal) -> PairedDevice {
        guard let device = authenticatedDevice else { throw .missingToken }
        guard device.role == .viewer else { throw .wrongRole(device.role, needed: .viewer) }
        return device
    }
}

extension UInt8 {
    var isASCIIAlphanumeric: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}
