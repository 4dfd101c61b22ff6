import DeviceStore
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOWebSocket
import PeerCamCore
import Synchronization

/// The server's per-connection pipeline: HTTP/1.1 with a WebSocket upgrade on
/// `/signaling` that happens only for an authorised viewer.
///
/// Hummingbird's own WebSocket channel answers every refused upgrade with an empty
/// 400, and NIO's upgrade handler does not pass a declined upgrade request on to the
/// HTTP layer. The protocol needs 401/403 with a JSON body that says why
/// (`docs/protocol.md` §2.3), so the upgrade is decided here: the `BearerAuthorizer`
/// verdict is kept for the connection, and a refused upgrade is answered with that
/// refusal directly on the HTTP channel. Requests that do not ask for an upgrade go
/// to the Hummingbird router as usual.
struct SignalingChildChannel: ServerChildChannel, HTTPChannelHandler {
    /// Called with an upgraded connection and the device that authenticated it.
    typealias WebSocketHandler = @Sendable (NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, PairedDevice) async -> Void

    enum UpgradeResult: Sendable {
        case http(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        case refusedUpgrade(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, SignalingHTTPRefusal)
        case webSocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, PairedDevice)
    }

    struct Value: ServerChildChannelValue {
        let upgradeResult: EventLoopFuture<UpgradeResult>
        let channel: any Channel
    }

    /// The path of the signaling WebSocket.
    static let signalingPath = "/signaling"

    let responder: HTTPChannelHandler.Responder
    let authorizer: BearerAuthorizer
    let maximumFrameSize: Int
    let webSocketHandler: WebSocketHandler

    /// The verdict on an upgrade request: the viewer to serve, or why not.
    static func decideUpgrade(_ head: HTTPRequestHead, authorizer: BearerAuthorizer)
        -> Result<PairedDevice, SignalingHTTPRefusal> {
        let values = head.headers["Authorization"]
        guard values.count <= 1 else { return .failure(.malformedToken) }
        let isSignaling = head.method == .GET
            && head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first == Self.signalingPath[...]
        do {
            guard isSignaling else {
                _ = try authorizer.authorizeAnyRole(header: values.first)
                return .failure(.notFound)
            }
            return .success(try authorizer.authorize(header: values.first, requiring: .viewer))
        } catch {
            return .failure(error)
        }
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let authorized = AuthorizedDevice()
            let authorizer = self.authorizer
            let upgrader = NIOTypedWebSocketServerUpgrader<UpgradeResult>(
                maxFrameSize: maximumFrameSize,
                shouldUpgrade: { channel, head in
                    let promise = channel.eventLoop.makePromise(of: HTTPHeaders?.self)
                    promise.completeWithTask {
                        let verdict = Self.decideUpgrade(head, authorizer: authorizer)
                        authorized.set(verdict)
                        guard case .success = verdict else { return nil }
                        return HTTPHeaders()
                    }
                    return promise.futureResult
                },
                upgradePipelineHandler: { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        guard case .success(let device) = authorized.get() else {
                            throw ChannelError.inappropriateOperationForState
                        }
                        let webSocket = try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(
                            wrappingChannelSynchronously: channel)
                        return UpgradeResult.webSocket(webSocket, device)
                    }
                })
            let upgradeConfiguration = NIOTypedHTTPServerUpgradeConfiguration<UpgradeResult>(
                upgraders: [upgrader],
                notUpgradingCompletionHandler: { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
                        try channel.pipeline.syncOperations.addHandler(HTTPConnectionStateHandler(logger: logger))
                        let http = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                            wrappingChannelSynchronously: channel,
                            configuration: .init(isOutboundHalfClosureEnabled: true))
                        if case .failure(let refusal) = authorized.get() {
                            return UpgradeResult.refusedUpgrade(http, refusal)
                        }
                        return UpgradeResult.http(http)
                    }
                })
            var configuration = NIOUpgradableHTTPServerPipelineConfiguration(upgradeConfiguration: upgradeConfiguration)
            configuration.enablePipelining = false
            configuration.enableErrorHandling = false
            configuration.enableResponseHeaderValidation = false
            let result = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(
                configuration: configuration)
            return Value(upgradeResult: result, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.upgradeResult.get() {
            case .http(let http):
                await handleHTTP(asyncChannel: http, logger: logger)
            case .refusedUpgrade(let http, let refusal):
                try await Self.write(refusal, on: http)
            case .webSocket(let webSocket, let device):
                await webSocketHandler(webSocket, device)
            }
        } catch {
            logger.debug("connection ended before a request", metadata: ["error": "\(error)"])
        }
    }
}

extension SignalingChildChannel {
    /// Answers a refused upgrade and closes the connection (the request was consumed
    /// by the upgrade handler, so no router sees it).
    static func write(_ refusal: SignalingHTTPRefusal,
                      on http: NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>) async throws {
        try await http.executeThenClose { _, outbound in
            var fields = refusal.headerFields
            fields[.contentLength] = String(refusal.body.count)
            fields[.connection] = "close"
            try await outbound.write(.head(HTTPResponse(status: refusal.status, headerFields: fields)))
            try await outbound.write(.body(ByteBuffer(bytes: refusal.body)))
            try await outbound.write(.end(nil))
        }
    }
}

/// The upgrade verdict of one connection, handed from the upgrade decision to the
/// pipeline set-up that follows it.
private final class AuthorizedDevice: Sendable {
    private let verdict = Mutex<Result<PairedDevice, SignalingHTTPRefusal>?>(nil)
    func set(_ value: Result<PairedDevice, SignalingHTTPRefusal>) { verdict.withLock { $0 = value } }
    func get() -> Result<PairedDevice, SignalingHTTPRefusal>? { verdict.withLock { $0 } }
}
