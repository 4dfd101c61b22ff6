import Hummingbird
import PeerCamCore

/// Makes every HTTP endpoint except `POST /pair` and the player page require a valid bearer token
/// (issue 6, "Authorization and errors"), and turns "no such route" into a JSON
/// refusal once the caller has proved who it is, so an anonymous client learns
/// nothing about which paths exist.
struct TokenRequiredMiddleware: RouterMiddleware {
    typealias Context = SignalingRequestContext
    let authorizer: BearerAuthorizer
    /// Routes (`METHOD /path`) that do their own admission: pairing by code,
    /// signaling by viewer token.
    let exemptRoutes: Set<String>

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !exemptRoutes.contains("\(request.method) \(request.uri.path)") else {
            return try await next(request, context)
        }
        let header = request.headers[.authorization]
        var context = context
        context.authenticatedDevice = try authorizer.authorizeAnyRole(header: header)
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            throw SignalingHTTPRefusal.notFound
        }
    }
}
