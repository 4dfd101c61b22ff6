import DeviceStore
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
/// 400, but the protocol needs 401/403 with a JSON body that says why
/// (`docs/protocol.md` §2.3). So the upgrade is decided here: when the bearer token
/// is not acceptable the upgrader declines, NIO passes the request on as ordinary
/// HTTP, and the router's `GET /signaling` answers it with the exact refusal from
/// the same `BearerAuthorizer`.
struct SignalingChildChannel: ServerChildChannel, HTTPChannelHandler {
    /// Called with an upgraded connection and the device that authenticated it.
    typealias WebSocketHandler = @Sendable (NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, PairedDevice) async -> Void

    enum UpgradeResult: Sendable {
        case http(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
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

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let authorized = AuthorizedDevice()
            let authorizer = self.authorizer
            let upgrader = NIOTypedWebSocketServerUpgrader<UpgradeResult>(
                maxFrameSize: maximumFrameSize,
                shouldUpgrade: { channel, head in
                    let promise = channel.eventLoop.makePromise(of: HTTPHeaders?.self)
                    promise.completeWithTask {
                        guard head.uri.split(separator: "?", maxSplits: 1).first == Self.signalingPath[...],
                              head.method == .GET
                        else { return nil }
                        let values = head.headers["Authorization"]
                        guard values.count <= 1,
                              let device = try? authorizer.authorize(header: values.first, requiring: .viewer)
                        else { return nil }  // declined: the router answers with the exact refusal
                        authorized.set(device)
                        return HTTPHeaders()
                    }
                    return promise.futureResult
                },
                upgradePipelineHandler: { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        guard let device = authorized.get() else { throw ChannelError.inappropriateOperationForState }
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
            case .webSocket(let webSocket, let device):
                await webSocketHandler(webSocket, device)
            }
        } catch {
            logger.debug("connection ended before a request", metadata: ["error": "\(error)"])
        }
    }
}

/// The device that passed authorisation during one connection's upgrade, handed from
/// the upgrade decision to the pipeline set-up that follows it.
private final class AuthorizedDevice: Sendable {
    private let device = Mutex<PairedDevice?>(nil)
    func set(_ value: PairedDevice) { device.withLock { $0 = value } }
    func get() -> PairedDevice? { device.withLock { $0 } }
}
