import Foundation
import Signaling

/// A WHEP server's endpoint URL ([RFC 9725 §4](https://www.rfc-editor.org/rfc/rfc9725#section-4))
/// with the credential and trust to use for it.
///
/// `https://` is verified against the pinned fingerprint when one is given, else against the
/// system's trust roots and the host name. `http://` is accepted only for a loopback host
/// (`127.0.0.0/8`, `::1`, `localhost`): anywhere else the bearer token would cross the
/// network in clear.
public struct WHEPEndpoint: Sendable {
    public let host: String
    public let port: Int
    /// Path and query of the endpoint, starting with `/`.
    public let target: String
    public let security: OneShotHTTPRequest.Security
    /// Sent as `Authorization: Bearer …` on every request when present.
    public let token: String?

    /// - Throws: `ViewerFailure.usage` for a URL that is not `http(s)://host[:port]/path`, or
    ///   plain HTTP to a host other than loopback.
    public init(url text: String, token: String?, fingerprint: CertificateFingerprint? = nil) throws(ViewerFailure) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let rawHost = components.host, !rawHost.isEmpty else {
            throw .usage("--whep \(text): not an http(s)://host[:port]/path URL")
        }
        let host = rawHost.hasPrefix("[") && rawHost.hasSuffix("]") ? String(rawHost.dropFirst().dropLast()) : rawHost
        switch scheme {
        case "https":
            security = fingerprint.map { .pinned($0) } ?? .systemTrust
            port = components.port ?? 443
        case "http":
            guard Self.isLoopback(host) else {
                throw .usage("--whep \(text): plain http:// is only allowed to a loopback host; use https://")
            }
            guard fingerprint == nil else { throw .usage("--fingerprint needs an https:// WHEP URL") }
            security = .plain
            port = components.port ?? 80
        default:
            throw .usage("--whep \(text): the scheme must be http or https")
        }
        self.host = host
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        target = path + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
        if let token, token.isEmpty || token.contains(where: { $0.isNewline || $0 == " " }) {
            throw .usage("--token must be one word without spaces")
        }
        self.token = token
    }

    static func isLoopback(_ host: String) -> Bool {
        host.lowercased() == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The request target of a `Location` header: an absolute URL on the same server, or a
    /// path (relative references resolve against the endpoint, RFC 3986 §5).
    /// - Throws: `ViewerFailure.stream` for a location on another server or not a URL.
    func resourceTarget(location: String) throws(ViewerFailure) -> String {
        let base = URL(string: "http://\(host.contains(":") ? "[\(host)]" : host):\(port)\(target)")
        guard let resolved = URL(string: location, relativeTo: base)?.absoluteURL,
              let components = URLComponents(url: resolved, resolvingAgainstBaseURL: true) else {
            throw .stream("WHEP server answered with an unusable Location: \(location.prefix(80))")
        }
        if location.contains("://") {
            let locationHost = components.host.map { $0.hasPrefix("[") ? String($0.dropFirst().dropLast()) : $0 }
            guard locationHost == host else {
                throw .stream("WHEP resource \(location.prefix(80)) is on another server; refusing to send the token there")
            }
        }
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        return path + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
    }

    /// A request to this server with the credential.
    func request(_ method: String, target: String, contentType: String? = nil, body: [UInt8]? = nil,
                 extraHeaders: [(name: String, value: String)] = []) -> OneShotHTTPRequest {
        var headers = extraHeaders
        if let token { headers.append(("Authorization", "Bearer " + token)) }
        if let contentType { headers.append(("Content-Type", contentType)) }
        return OneShotHTTPRequest(method: method, host: host, port: port, target: target, headers: headers,
                                  body: body, security: security)
    }
}
