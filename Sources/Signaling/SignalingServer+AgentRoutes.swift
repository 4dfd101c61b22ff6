import Foundation
import HTTPTypes
import Hummingbird
import WebPlayer

/// The routes that serve what the agent knows rather than what the server decides: the
/// browser player, `/metrics` and `/sessions`.
extension SignalingServer {
    /// Paths of the player page; open without a token (the page asks for one).
    static var playerPaths: [String] { ["/", "/player"] }
    /// Prometheus text exposition format 0.0.4.
    static var metricsContentType: String { "text/plain; version=0.0.4; charset=utf-8" }

    func addAgentRoutes(to router: Router<SignalingRequestContext>) {
        let page: Result<WebPlayerPage, WebPlayerPageError>
        do { page = .success(try WebPlayerPage()) } catch {
            logger.error("the web player page is not installed; / and /player answer 503", metadata: ["error": "\(error)"])
            page = .failure(error)
        }
        for path in Self.playerPaths {
            router.get(RouterPath(stringLiteral: path)) { _, _ -> Response in try Self.playerResponse(page) }
        }
        if let metrics {
            router.get("/metrics") { _, _ -> Response in
                let text = await metrics()
                return Response(status: .ok, headers: [.contentType: Self.metricsContentType, .cacheControl: "no-store"],
                                body: .init(byteBuffer: ByteBuffer(string: text)))
            }
        }
        if let sessionDirectory {
            // Over HTTPS a viewer sees its own sessions only; the operator uses the admin socket.
            router.get(RouterPath(stringLiteral: SignalingAdminAPI.sessionsPath)) { _, context -> Response in
                let viewer = try context.requireViewer()
                let own = await sessionDirectory.sessionSummaries().filter { $0.viewerID == viewer.id }
                return try Self.sessionListResponse(own)
            }
        }
    }

    /// `GET /sessions` on the admin socket: every session.
    func addAdminSessionRoute(to router: Router<SignalingRequestContext>) {
        guard let sessionDirectory else { return }
        router.get(RouterPath(stringLiteral: SignalingAdminAPI.sessionsPath)) { _, _ -> Response in
            try Self.sessionListResponse(await sessionDirectory.sessionSummaries())
        }
    }

    static func sessionListResponse(_ sessions: [CameraSessionSummary]) throws -> Response {
        let sorted = sessions.sorted { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }
        let data = try JSONEncoder.admin.encode(CameraSessionList(sessions: sorted))
        return Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The page with a policy that lets it load nothing from anywhere, never be framed, and
    /// never be cached (it is small, and a stale player after an upgrade confuses people).
    static func playerResponse(_ page: Result<WebPlayerPage, WebPlayerPageError>) throws(SignalingHTTPRefusal)
        -> Response {
        guard case .success(let page) = page else { throw .playerUnavailable }
        return Response(status: .ok, headers: [
            .contentType: WebPlayerPage.contentType,
            .contentSecurityPolicy: WebPlayerPage.contentSecurityPolicy,
            .cacheControl: "no-store",
            .xContentTypeOptions: "nosniff",
            .referrerPolicy: "no-referrer",
        ], body: .init(byteBuffer: ByteBuffer(bytes: page.bytes)))
    }
}

extension SignalingHTTPRefusal {
    /// The camera was installed without its player page (`WebPlayerPageError`, logged at start).
    static let playerUnavailable = SignalingHTTPRefusal(
        status: .serviceUnavailable, code: "player-unavailable",
        message: "the web player is not installed on this camera; WHEP still works")
}
