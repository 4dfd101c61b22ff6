import Hummingbird
import PeerCamCore

/// Makes every HTTP endpoint except `POST /pair` require a valid bearer token
/// (issue 6, "Authorization and errors"), and turns "no such route" into a JSON
/// refusal once the caller has proved who it is, so an anonymous client learns
/// nothing about which paths exist.
struct TokenRequiredMiddleware: RouterMiddleware {
    typealias Context = SignalingRequestContext
    let authorizer: BearerAuthorizer
    /// Paths that do their own admission (pairing by code, signaling by viewer token).
    let exemptPaths: Set<String>

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !exemptPaths.contains(request.uri.path) else { return try await next(request, context) }
        let header = request.headers[.authorization]
        _ = try authorizer.authorizeAnyRole(header: header)
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            throw SignalingHTTPRefusal.notFound
        }
    }
}
