import Foundation
import HTTPTypes
import Hummingbird

/// CORS for the WHEP routes only ([Fetch standard, CORS protocol](https://fetch.spec.whatwg.org/#http-cors-protocol)),
/// so a player page served from another origin can subscribe, while `/pair`, `/signaling`,
/// `/sessions` and `/metrics` keep the browser's same-origin policy (no CORS headers at all).
///
/// - `OPTIONS` on a WHEP path is answered here, before the token check: a browser's preflight
///   never carries `Authorization`. RFC 9725 §4.1 lets clients probe with `OPTIONS` too.
/// - Every other WHEP response, refusals included, gets `Access-Control-Allow-Origin: *` and
///   exposes `Location`, `ETag`, `Link`, `Accept-Patch` and `Retry-After`; otherwise a cross-
///   origin player could not read its session URL, or why it was refused.
///
/// `*` is safe here because WHEP is authorised by a bearer token the page must hold, never by
/// ambient credentials (cookies) a foreign page could borrow.
struct WHEPCORSMiddleware: RouterMiddleware {
    typealias Context = SignalingRequestContext

    /// Requests under this path prefix are WHEP requests.
    static let pathPrefix = "/whep/"
    static let allowedMethods = "POST, PATCH, DELETE, OPTIONS"
    static let allowedHeaders = "Authorization, Content-Type, If-Match"
    static let exposedHeaders = "Location, ETag, Link, Accept-Patch, Retry-After"
    /// How long a browser may cache a preflight answer, seconds.
    static let preflightMaxAge = 600

    static func isWHEP(_ path: String) -> Bool { path.hasPrefix(pathPrefix) }

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.isWHEP(request.uri.path) else { return try await next(request, context) }
        if request.method == .options { return Self.preflightResponse() }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            context.logger.error("WHEP request failed", metadata: ["error": "\(error)"])
            response = try SignalingHTTPRefusal.internalError.response(from: request, context: context)
        }
        response.headers[.accessControlAllowOrigin] = "*"
        response.headers[.accessControlExposeHeaders] = Self.exposedHeaders
        return response
    }

    /// 204 with the CORS allowances and `Allow` (RFC 9110 §10.2.1) for plain `OPTIONS`.
    static func preflightResponse() -> Response {
        Response(status: .noContent, headers: [
            .accessControlAllowOrigin: "*",
            .accessControlAllowMethods: allowedMethods,
            .accessControlAllowHeaders: allowedHeaders,
            .accessControlExposeHeaders: exposedHeaders,
            .accessControlMaxAge: String(preflightMaxAge),
            .allow: allowedMethods,
            .acceptPost: WHEPMediaType.sdp,
            .acceptPatch: WHEPMediaType.trickleFragment,
        ])
    }
}

/// The media types of WHEP bodies.
enum WHEPMediaType {
    /// RFC 8866 §8.1.
    static let sdp = "application/sdp"
    /// RFC 8840 §9.
    static let trickleFragment = "application/trickle-ice-sdpfrag"

    /// Whether a `Content-Type` value names `expected` (type/subtype case-insensitive,
    /// parameters such as `charset` ignored, RFC 9110 §8.3.1).
    static func matches(_ contentType: String?, _ expected: String) -> Bool {
        guard let contentType else { return false }
        let essence = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return essence.trimmingCharacters(in: .whitespaces).lowercased() == expected
    }
}

extension HTTPField.Name {
    /// RFC 8288 §3.
    static let link = HTTPField.Name("Link")!
    /// RFC 5789 §3.1: which PATCH bodies a resource takes.
    static let acceptPatch = HTTPField.Name("Accept-Patch")!
    /// The POST counterpart (W3C LDP §7.1), for OPTIONS on the WHEP endpoint.
    static let acceptPost = HTTPField.Name("Accept-Post")!
    /// Fetch standard: do not leak the player's URL to anything it links to.
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
