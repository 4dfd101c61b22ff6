import Foundation
import Hummingbird
import PeerCamCore

/// A refused HTTP request: status, a stable machine code and a human message, sent
/// as the JSON body `{"code":…,"message":…}` of `docs/protocol.md` §2.4.
///
/// Token refusals follow RFC 6750 §3: 401 carries `WWW-Authenticate: Bearer` (with
/// `error="invalid_token"` when a token was presented), 403 carries
/// `error="insufficient_scope"`. Messages never echo the token or the code.
public struct SignalingHTTPRefusal: HTTPResponseError, Equatable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    /// The `WWW-Authenticate` value, for token refusals.
    public let authenticateChallenge: String?
    /// Seconds after which a rate-limited client may retry (`Retry-After`).
    public let retryAfterSeconds: Int?

    public init(status: HTTPResponse.Status, code: String, message: String,
                authenticateChallenge: String? = nil, retryAfterSeconds: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.authenticateChallenge = authenticateChallenge
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// The JSON body.
    public var body: [UInt8] {
        let object: [String: String] = ["code": code, "message": message]
        // Two string fields with sorted keys: JSONSerialization cannot fail here.
        return Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }

    /// Content type, caching, challenge and retry headers of the refusal.
    var headerFields: HTTPFields {
        var headers: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store"]
        if let authenticateChallenge { headers[.wwwAuthenticate] = authenticateChallenge }
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        return headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status, headers: headerFields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension SignalingHTTPRefusal {
    // MARK: Bearer token refusals (every path except /pair)

    /// No `Authorization` header.
    static let missingToken = SignalingHTTPRefusal(
        status: .unauthorized, code: "missing-token", message: "this request needs Authorization: Bearer <token>",
        authenticateChallenge: "Bearer")
    /// The header is not `Bearer <43-character token>`.
    static let malformedToken = SignalingHTTPRefusal(
        status: .unauthorized, code: "malformed-token",
        message: "Authorization must be 'Bearer' and a 43-character base64url token",
        authenticateChallenge: #"Bearer error="invalid_request""#)
    /// A well-formed token no paired device holds.
    static let unknownToken = SignalingHTTPRefusal(
        status: .unauthorized, code: "unknown-token", message: "this token belongs to no paired device",
        authenticateChallenge: #"Bearer error="invalid_token""#)
    /// The device was revoked on the camera.
    static let revokedToken = SignalingHTTPRefusal(
        status: .unauthorized, code: "revoked-token", message: "this device was revoked; pair again",
        authenticateChallenge: #"Bearer error="invalid_token""#)
    /// A valid token whose role may not use this endpoint (a camera token on /signaling).
    static func wrongRole(_ role: Role, needed: Role) -> SignalingHTTPRefusal {
        SignalingHTTPRefusal(status: .forbidden, code: "forbidden",
                             message: "a \(role) token cannot use this endpoint; it needs a \(needed) token",
                             authenticateChallenge: #"Bearer error="insufficient_scope""#)
    }

    // MARK: Other refusals

    /// `/signaling` with a good token but no WebSocket upgrade.
    static let upgradeRequired = SignalingHTTPRefusal(
        status: .upgradeRequired, code: "upgrade-required", message: "GET /signaling must be a WebSocket upgrade")
    /// An authenticated request for a path this server does not serve.
    static let notFound = SignalingHTTPRefusal(status: .notFound, code: "not-found", message: "no such endpoint")
    /// Pairing attempts arrive faster than the limit.
    static func rateLimited(retryAfterSeconds: Int) -> SignalingHTTPRefusal {
        SignalingHTTPRefusal(status: .tooManyRequests, code: "rate-limited",
                             message: "too many pairing attempts; retry later", retryAfterSeconds: retryAfterSeconds)
    }
    /// The server failed, not the client.
    static let internalError = SignalingHTTPRefusal(
        status: .internalServerError, code: "internal", message: "the camera could not complete this request")

    /// The `POST /pair` refusal for a code-book outcome (statuses from PeerCamCore).
    init(_ error: PairingRedemptionError) {
        self.init(status: HTTPResponse.Status(code: error.httpStatus), code: error.code, message: error.message)
    }

    /// The `POST /pair` refusal for a body that does not decode.
    init(_ error: SignalingDecodingError) {
        switch error {
        case .invalidDeviceName:
            self.init(status: .badRequest, code: "invalid-value", message: error.message)
        default:
            self.init(status: .badRequest, code: "invalid-json", message: error.message)
        }
    }
}
