import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import PeerCamCore

/// The viewer side of the control plane: pairs with a camera over HTTPS and opens
/// the signaling WebSocket, always verifying the camera by its pinned certificate
/// fingerprint (`docs/protocol.md` §2.1).
public enum SignalingClient {
    /// Exchanges a pairing code for credentials (`POST /pair`).
    ///
    /// - Parameters:
    ///   - fingerprint: the fingerprint `camera-agent pair` printed, if the person has
    ///     it; then a camera presenting another certificate is refused. Without it
    ///     the presented certificate is trusted and pinned (trust on first pairing).
    /// - Throws: `SignalingClientError`; `.refused` carries the status and code of
    ///   §2.2 (`unknown-code`, `expired-code`, `code-used`, `locked-out`, …).
    public static func pair(with endpoint: SignalingEndpoint, code: String, name: String,
                            fingerprint: CertificateFingerprint? = nil) async throws(SignalingClientError)
        -> PairedCamera {
        let verifier = PinnedCertificateVerifier(pinned: fingerprint)
        let answer = try await SingleRequestHTTPClient.send(
            .POST, "/pair", body: PairingRequest(code: code, name: name).encoded(),
            over: .pinnedTLS(endpoint, verifier))
        try answer.requireStatus(201)
        guard let presented = verifier.presented else { throw .malformedResponse("no server certificate seen") }
        let response: PairingResponse
        do { response = try PairingResponse(decoding: answer.body) } catch {
            throw .malformedResponse("pairing answer: \(error)")
        }
        return PairedCamera(endpoint: endpoint, fingerprint: presented, device: response.device,
                            token: response.token, camera: response.camera)
    }

    /// Opens the signaling WebSocket with `Authorization: Bearer` over TLS pinned to
    /// `fingerprint`.
    ///
    /// - Throws: `SignalingClientError`: `.refused(401/403, code, message)` when the
    ///   token is missing, unknown, revoked or of the wrong role;
    ///   `.certificateFingerprintMismatch` when the camera is not the pinned one.
    public static func connect(to endpoint: SignalingEndpoint, fingerprint: CertificateFingerprint,
                               token: BearerToken, logger: Logger = Logger(label: "peercam.signaling.client"))
        async throws(SignalingClientError) -> SignalingClientConnection {
        try await connect(to: endpoint, fingerprint: fingerprint, authorization: token.authorizationHeaderValue,
                          logger: logger)
    }

    /// Opens the signaling WebSocket with the credentials pairing returned.
    public static func connect(to camera: PairedCamera, logger: Logger = Logger(label: "peercam.signaling.client"))
        async throws(SignalingClientError) -> SignalingClientConnection {
        try await connect(to: camera.endpoint, fingerprint: camera.fingerprint, token: camera.token, logger: logger)
    }

    private enum UpgradeResult: Sendable {
        case webSocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>)
        case refused(NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>)
    }

    /// Opens the WebSocket with any `Authorization` value, or none (tests use this to
    /// check that the server refuses malformed credentials).
    static func connect(to endpoint: SignalingEndpoint, fingerprint: CertificateFingerprint, authorization: String?,
                        logger: Logger) async throws(SignalingClientError) -> SignalingClientConnection {
        let verifier = PinnedCertificateVerifier(pinned: fingerprint)
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: endpoint.hostHeader)
        headers.add(name: "Content-Length", value: "0")
        if let authorization { headers.add(name: "Authorization", value: authorization) }
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/signaling", headers: headers)
        let maximumFrameSize = 4 * SignalingMessage.maximumSize
        do {
            let upgrade: EventLoopFuture<UpgradeResult> = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(10))
                .connect(host: endpoint.host, port: endpoint.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(verifier.makeHandler())
                        let upgrader = NIOTypedWebSocketClientUpgrader<UpgradeResult>(
                            maxFrameSize: maximumFrameSize,
                            upgradePipelineHandler: { channel, _ in
                                channel.eventLoop.makeCompletedFuture {
                                    UpgradeResult.webSocket(try NIOAsyncChannel(wrappingChannelSynchronously: channel))
                                }
                            })
                        let configuration = NIOTypedHTTPClientUpgradeConfiguration<UpgradeResult>(
                            upgradeRequestHead: head, upgraders: [upgrader],
                            notUpgradingCompletionHandler: { channel in
                                channel.eventLoop.makeCompletedFuture {
                                    UpgradeResult.refused(try NIOAsyncChannel(wrappingChannelSynchronously: channel))
                                }
                            })
                        let upgraded = try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
                            configuration: .init(upgradeConfiguration: configuration))
                        channel.close(unlessDone: upgraded, within: .seconds(15))
                        return upgraded
                    }
                }
            switch try await upgrade.get() {
            case .webSocket(let webSocket):
                return SignalingClientConnection.start(webSocket, maximumMessageSize: maximumFrameSize, logger: logger)
            case .refused(let http):
                let answer = try await SingleRequestHTTPClient.exchange(nil, body: nil, on: http)
                try answer.requireStatus(101)
                throw SignalingClientError.malformedResponse("upgrade refused without a status")
            }
        } catch {
            throw verifier.clientError(for: error)
        }
    }
}
