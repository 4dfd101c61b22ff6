import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP/1.1 request per connection, over TLS with a pinned certificate (pairing)
/// or over a Unix domain socket (the admin socket). Small on purpose: the control
/// plane makes a handful of such calls in its lifetime, and pinning needs a TLS
/// verification callback that general HTTP clients do not expose.
enum SingleRequestHTTPClient {
    enum Transport {
        case pinnedTLS(SignalingEndpoint, PinnedCertificateVerifier)
        case unixSocket(path: String)
    }

    struct Answer: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
    }

    /// Largest answer body read; every answer of this protocol is far smaller.
    static let maximumBodySize = 1 << 20

    /// - Parameter headers: extra request fields; a `Content-Type` among them replaces the
    ///   default `application/json` of a request with a body.
    static func send(_ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, authorization: String? = nil,
                     headers: [(String, String)] = [], timeout: TimeAmount = .seconds(15),
                     over transport: Transport) async throws(SignalingClientError) -> Answer {
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connectTimeout(.seconds(10))
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
        head.headers.add(name: "Connection", value: "close")
        head.headers.add(name: "Content-Length", value: String(body?.count ?? 0))
        let typed = headers.contains { $0.0.lowercased() == "content-type" }
        if body != nil, !typed { head.headers.add(name: "Content-Type", value: "application/json") }
        if let authorization { head.headers.add(name: "Authorization", value: authorization) }
        head.headers.add(contentsOf: headers)
        do {
            let channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
            switch transport {
            case .pinnedTLS(let endpoint, let verifier):
                head.headers.add(name: "Host", value: endpoint.hostHeader)
                channel = try await bootstrap.connect(host: endpoint.host, port: endpoint.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(verifier.makeHandler())
                        return try wrapHTTP(channel)
                    }
                }
            case .unixSocket(let path):
                head.headers.add(name: "Host", value: "localhost")
                channel = try await bootstrap.connect(unixDomainSocketPath: path) { channel in
                    channel.eventLoop.makeCompletedFuture { try wrapHTTP(channel) }
                }
            }
            let answered = channel.channel.eventLoop.makePromise(of: Void.self)
            channel.channel.close(unlessDone: answered.futureResult, within: timeout)
            defer { answered.succeed(()) }
            return try await exchange(head, body: body, on: channel)
        } catch {
            if case .pinnedTLS(_, let verifier) = transport { throw verifier.clientError(for: error) }
            if let error = error as? SignalingClientError { throw error }
            throw .transport(String(describing: error))
        }
    }

    private static func wrapHTTP(_ channel: any Channel) throws
        -> NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart> {
        try channel.pipeline.syncOperations.addHTTPClientHandlers()
        return try NIOAsyncChannel(wrappingChannelSynchronously: channel)
    }

    /// Writes the request and reads the whole answer.
    static func exchange(_ head: HTTPRequestHead?, body: [UInt8]?,
                         on channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>) async throws
        -> Answer {
        try await channel.executeThenClose { inbound, outbound in
            // A server may answer and close before it has read the whole request (a
            // refusal): keep a write failure and prefer the answer if one arrives.
            var writeError: (any Error)?
            if let head {
                do {
                    try await outbound.write(.head(head))
                    if let body { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
                    try await outbound.write(.end(nil))
                } catch {
                    writeError = error
                }
            }
            var answer = Answer(status: 0, headers: [:], body: [])
            for try await part in inbound {
                switch part {
                case .head(let response):
                    answer.status = Int(response.status.code)
                    answer.headers = response.headers
                case .body(let buffer):
                    guard answer.body.count + buffer.readableBytes <= maximumBodySize else {
                        throw SignalingClientError.malformedResponse("answer body over \(maximumBodySize) bytes")
                    }
                    answer.body += Array(buffer: buffer)
                case .end:
                    return answer
                }
            }
            throw writeError ?? SignalingClientError.transport("connection closed before the answer was complete")
        }
    }
}

extension SingleRequestHTTPClient.Answer {
    /// Throws the §2.4 refusal unless the status is `expected`.
    func requireStatus(_ expected: Int) throws(SignalingClientError) {
        guard status != expected else { return }
        let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        throw .refused(status: status, code: object?["code"] as? String ?? "",
                       message: object?["message"] as? String ?? "")
    }
}
