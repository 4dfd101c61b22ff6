import Foundation

/// Where a camera's signaling server is: `https://host:port`.
///
/// Only `https` is accepted: bearer tokens and pairing codes must never cross the
/// network in clear (`docs/protocol.md` §2.1).
public struct SignalingEndpoint: Sendable, Hashable, CustomStringConvertible {
    public let host: String
    public let port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses a camera URL such as `https://192.168.1.20:8443` (path ignored).
    ///
    /// - Throws: `SignalingEndpointError`.
    public init(url text: String) throws(SignalingEndpointError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw .notAURL
        }
        guard scheme == "https" else { throw .notHTTPS }
        guard let host = components.host, !host.isEmpty else { throw .missingHost }
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        port = components.port ?? 443
    }

    public var description: String { "https://" + hostHeader }

    /// The `Host` header value.
    var hostHeader: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// Why a text is not a camera URL.
public enum SignalingEndpointError: Error, Sendable, Equatable {
    case notAURL
    /// The scheme is not `https` (plain HTTP is never served).
    case notHTTPS
    case missingHost
}
