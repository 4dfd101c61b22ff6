import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One HTTP/1.1 request on its own connection, for clients outside this module (viewer-agent's
/// WHEP client, RFC 9725): plain HTTP, HTTPS pinned to a certificate fingerprint
/// (`docs/protocol.md` §2.1), or HTTPS verified against the system's trust roots.
///
/// It reuses the pairing client's exchange and pin check, so a WHEP server and a PeerCam camera
/// are verified the same way. The answer is returned whatever its status: a WHEP client must
/// show the server's own body for 4xx/5xx, which is not PeerCam's JSON error form.
public struct OneShotHTTPRequest: Sendable {
    /// How the connection is secured.
    public enum Security: Sendable, Equatable {
        /// Plain TCP. Only for loopback servers: a bearer token would cross the network in clear.
        case plain
        /// TLS; the server's leaf certificate must hash to this fingerprint (names, dates and
        /// CAs are not checked: the fingerprint is the identity).
        case pinned(CertificateFingerprint)
        /// TLS verified against the system's trust roots and the host name.
        case systemTrust
    }

    /// What the server answered.
    public struct Answer: Sendable {
        public var status: Int
        /// Header fields as received, in order.
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]

        /// The first value of `name` (case-insensitive), if any.
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    public var method: String
    public var host: String
    public var port: Int
    /// Path and query, starting with `/`.
    public var target: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    public var security: Security
    public var timeout: Duration

    public init(method: String, host: String, port: Int, target: String,
                headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
                security: Security, timeout: Duration = .seconds(15)) {
        self.method = method
        self.host = host
        self.port = port
        self.target = target
        self.headers = headers
        self.body = body
        self.security = security
        self.timeout = timeout
    }

    /// Sends the request and reads the whole answer (at most 1 MiB of body).
    ///
    /// - Throws: `SignalingClientError`: `.transport` when the server cannot be reached or the
    ///   connection fails, `.certificateFingerprintMismatch` when a pinned server presents
    ///   another certificate.
    public func send() async throws(SignalingClientError) -> Answer {
        let hostHeader = SignalingEndpoint(host: host, port: port).hostHeader
        var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method), uri: target)
        head.headers.add(name: "Host", value: hostHeader)
        head.headers.add(name: "Connection", value: "close")
        head.headers.add(name: "Content-Length", value: String(body?.count ?? 0))
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        let verifier: PinnedCertificateVerifier? = if case .pinned(let fingerprint) = security {
            PinnedCertificateVerifier(pinned: fingerprint)
        } else {
            nil
        }
        let security = self.security
        let host = self.host
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(10))
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        switch security {
                        case .plain: break
                        case .pinned: if let verifier { try channel.pipeline.syncOperations.addHandler(verifier.makeHandler()) }
                        case .systemTrust:
                            let context = try NIOSSLContext(configuration: .makeClientConfiguration())
                            let isAddress = (try? SocketAddress(ipAddress: host, port: 0)) != nil
                            try channel.pipeline.syncOperations.addHandler(
                                NIOSSLClientHandler(context: context, serverHostname: isAddress ? nil : host))
                        }
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                            wrappingChannelSynchronously: channel)
                    }
                }
            let answered = channel.channel.eventLoop.makePromise(of: Void.self)
            let milliseconds = Int64(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
            channel.channel.close(unlessDone: answered.futureResult, within: .milliseconds(milliseconds))
            defer { answered.succeed(()) }
            let answer = try await SingleRequestHTTPClient.exchange(head, body: body, on: channel)
            return Answer(status: answer.status, headers: answer.headers.map { ($0.name, $0.value) }, body: answer.body)
        } catch {
            if let verifier { throw verifier.clientError(for: error) }
            if let error = error as? SignalingClientError { throw error }
            throw .transport(String(describing: error))
        }
    }
}
