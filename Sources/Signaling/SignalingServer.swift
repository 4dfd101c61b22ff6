import DeviceStore
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOWebSocket
import PeerCamCore
import ServiceLifecycle

/// The camera's control plane in direct mode: HTTPS + WebSocket signaling on one
/// port (TLS always) and the local admin socket.
///
/// - `POST /pair` redeems a pairing code for a viewer device and token (`PairingDesk`).
/// - `GET /signaling` upgrades to a WebSocket only for a paired, non-revoked viewer;
///   each message is decoded strictly, checked for sender role and session ownership,
///   then handed to the `CameraSignalingHandler` (the camera agent).
/// - `POST /whep/{stream}` and its session resources serve WHEP (`SignalingServer+WHEP`) when
///   the agent passes a `WHEPSessionHandler`; `GET /` and `/player` serve the browser player.
/// - `GET /sessions` (the caller's sessions; all of them on the admin socket) and
///   `GET /metrics` answer from the agent's `CameraSessionDirectory` and metrics closure.
/// - Every other path needs a valid token too.
///
/// The agent answers with `send(_:)`, and `revoke(_:)` ends a device's connections at
/// once. A `Service`: run it in a `ServiceGroup`; on graceful shutdown or
/// cancellation every viewer connection is closed with 1001 and its sessions end
/// with `.shutdown`.
public final class SignalingServer<C: Clock>: Service, Sendable where C.Duration == Duration {
    public struct Configuration: Sendable {
        /// Address to listen on; loopback unless the operator says otherwise.
        public var host: String
        /// TCP port; 0 picks a free one (tests), see `listeningPort()`.
        public var port: Int
        /// The admin socket's path, or nil for none. Its directory is created with
        /// mode 0700 if missing; the socket itself gets mode 0600.
        public var adminSocketPath: String?
        /// The URL `camera-agent pair` prints; default `https://host:port`.
        public var advertisedURL: String?
        /// Ping interval and silence limit for viewer connections (§2.3: 15 s / 30 s).
        public var keepAliveInterval: Duration
        public var keepAliveTimeout: Duration
        /// STUN/TURN servers advertised to WHEP clients in `Link` headers; none by default.
        public var iceServers: [WHEPICEServer]

        public init(host: String = "127.0.0.1", port: Int = 8443, adminSocketPath: String? = nil,
                    advertisedURL: String? = nil, keepAliveInterval: Duration = .seconds(15),
                    keepAliveTimeout: Duration = .seconds(30), iceServers: [WHEPICEServer] = []) {
            self.host = host
            self.port = port
            self.adminSocketPath = adminSocketPath
            self.advertisedURL = advertisedURL
            self.keepAliveInterval = keepAliveInterval
            self.keepAliveTimeout = keepAliveTimeout
            self.iceServers = iceServers
        }
    }

    /// Largest WebSocket frame or reassembled message read at all; bigger input
    /// closes the connection with 1009. Up to this size an over-limit message is
    /// answered with `message-too-large` and the connection stays.
    static var maximumWebSocketMessageSize: Int { 4 * SignalingMessage.maximumSize }

    public let configuration: Configuration
    public let camera: DeviceIdentity
    public let tlsIdentity: SignalingTLSIdentity
    public let store: PairedDeviceStore
    public let pairing: PairingDesk<C>
    let registry = ViewerConnectionRegistry()
    let handler: any CameraSignalingHandler
    let whep: (any WHEPSessionHandler)?
    let sessionDirectory: (any CameraSessionDirectory)?
    let metrics: (@Sendable () async -> String)?
    let whepSessions = WHEPSessionRegistry()
    let authorizer: BearerAuthorizer
    let logger: Logger
    let messageIDs = SignalingMessageIDCounter(prefix: "c-")
    let httpsPortSignal = OneShotSignal<Int?>()
    let adminReadySignal = OneShotSignal<Bool>()

    /// - Parameters:
    ///   - whep: runs WHEP sessions; nil leaves `/whep/…` unserved (404).
    ///   - sessionDirectory: answers `GET /sessions`; nil leaves it unserved (404).
    ///   - metrics: the Prometheus text exposition for `GET /metrics`; nil when the agent has
    ///     metrics off (404).
    public init(configuration: Configuration, camera: DeviceIdentity, tlsIdentity: SignalingTLSIdentity,
                store: PairedDeviceStore, handler: any CameraSignalingHandler, clock: C,
                codePolicy: PairingCodeBook<C>.Policy = .init(), ratePolicy: PairingRateLimiter<C>.Policy = .init(),
                whep: (any WHEPSessionHandler)? = nil, sessionDirectory: (any CameraSessionDirectory)? = nil,
                metrics: (@Sendable () async -> String)? = nil, logger: Logger) {
        self.configuration = configuration
        self.camera = camera
        self.tlsIdentity = tlsIdentity
        self.store = store
        self.handler = handler
        self.whep = whep
        self.sessionDirectory = sessionDirectory
        self.metrics = metrics
        self.logger = logger
        authorizer = BearerAuthorizer(store: store, logger: logger)
        pairing = PairingDesk(camera: camera, store: store, clock: clock, codePolicy: codePolicy,
                              ratePolicy: ratePolicy, logger: logger)
    }

    /// The bound TCP port, once listening (nil if the server stopped first).
    public func listeningPort() async -> Int? { await httpsPortSignal.wait() }

    /// Waits until the admin socket accepts connections (false if it never will).
    public func adminSocketReady() async -> Bool { await adminReadySignal.wait() }

    /// The URL viewers pair with.
    public func cameraURL() async -> String {
        if let advertisedURL = configuration.advertisedURL { return advertisedURL }
        let port = await listeningPort() ?? configuration.port
        return SignalingEndpoint(host: configuration.host, port: port).description
    }

    /// A fresh id for a message the camera sends (`c-1`, `c-2`, …).
    public func makeMessageID() -> SignalingMessageID { messageIDs.next() }

    /// Runs the HTTPS listener and the admin socket until cancelled or shut down.
    public func run() async throws {
        defer {
            httpsPortSignal.settle(nil)
            adminReadySignal.settle(false)
        }
        let https = try makeHTTPSApplication()
        let admin = try configuration.adminSocketPath.map(makeAdminApplication(path:))
        if admin == nil { adminReadySignal.settle(false) }
        try await withGracefulShutdownHandler {
            try await withTaskCancellationHandler {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await https.run() }
                    if let admin { group.addTask { try await admin.run() } }
                    try await group.next()
                    group.cancelAll()
                }
            } onCancel: {
                Task { await self.closeAllConnections() }
            }
        } onGracefulShutdown: {
            Task { await self.closeAllConnections() }
        }
    }

    /// Sends a message to the viewer whose connection owns `message.session`.
    ///
    /// After a `stream:ended` the session is forgotten: later messages for it are
    /// refused (`unknown-session`) in both directions.
    /// - Throws: `SignalingDeliveryError` when no live connection owns the session.
    public func send(_ message: SignalingMessage) async throws(SignalingDeliveryError) {
        guard let session = message.session else { throw .noSession }
        guard let connection = await registry.connection(owning: session) else { throw .unknownSession(session) }
        connection.channel.send(message.encodedText())
        var logger = logger
        logger[metadataKey: "session"] = "\(session)"
        logger[metadataKey: "viewer"] = "\(connection.device.id)"
        switch message.body {
        case .streamEnded(_, let reason, _):
            await registry.endSession(session)
            logger.notice("stream ended", metadata: ["reason": "\(reason.code)"])
        case .streamStarted:
            logger.notice("stream accepted")
        case .webrtcSignal(_, .sessionDescription(let description)):
            logger.notice("sent \(description.kind.rawValue)")
        default:
            logger.debug("sent \(message.type.rawValue)")
        }
    }

    /// Revokes a paired device and closes its live connections at once (close code
    /// 1008); their sessions, signaling and WHEP, end with `.revoked`.
    ///
    /// - Returns: whether the device exists.
    @discardableResult
    public func revoke(_ device: DeviceID) async throws -> Bool {
        guard try store.revoke(device) else { return false }
        let ended = await registry.closeConnections(of: device, code: .policyViolation, reason: "token revoked")
        logger.notice("device revoked", metadata: ["device": "\(device)", "sessions": "\(ended.count)"])
        if !ended.isEmpty { await handler.sessionsEnded(ended, viewer: device, reason: .revoked) }
        let whepEnded = await whepSessions.removeAll(of: device)
        if let whep, !whepEnded.isEmpty {
            logger.notice("WHEP sessions of a revoked device ended", metadata: ["device": "\(device)", "sessions": "\(whepEnded.count)"])
            await whep.sessionsEnded(whepEnded, viewer: device, reason: .revoked)
        }
        return true
    }

    /// Live viewer connections and sessions (for metrics and tests).
    public func connectionCount() async -> Int { await registry.connectionCount }
    public func sessionCount() async -> Int { await registry.sessionCount }

    private func closeAllConnections() async {
        for (viewer, sessions) in await registry.closeAll(code: .goingAway, reason: "server shutting down")
        where !sessions.isEmpty {
            await handler.sessionsEnded(sessions, viewer: viewer, reason: .shutdown)
        }
        for (viewer, sessions) in await whepSessions.removeAll() {
            await whep?.sessionsEnded(sessions, viewer: viewer, reason: .shutdown)
        }
    }

    // MARK: - Viewer connections

    func serveViewer(_ webSocket: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, device: PairedDevice) async {
        let channel = WebSocketTextChannel(
            isClient: false, maximumMessageSize: Self.maximumWebSocketMessageSize,
            keepAlive: .init(interval: configuration.keepAliveInterval, timeout: configuration.keepAliveTimeout))
        let connection = await registry.register(device: device, channel: channel)
        var logger = logger
        logger[metadataKey: "viewer"] = "\(device.id)"
        logger.notice("viewer connected")
        let router = ViewerMessageRouter(camera: camera.id, registry: registry, handler: handler, logger: logger,
                                         replyIDs: messageIDs)
        await channel.run(webSocket) { text in await router.handle(text, on: connection) }
        let orphans = await registry.unregister(connection.id)
        logger.notice("viewer disconnected", metadata: ["sessions": "\(orphans.count)"])
        if !orphans.isEmpty { await handler.sessionsEnded(orphans, viewer: device.id, reason: .viewerGone) }
    }
}

/// Why `SignalingServer.send(_:)` could not deliver a message.
public enum SignalingDeliveryError: Error, Sendable, Equatable {
    /// The message has no session, so it names no connection.
    case noSession
    /// No live connection owns this session (ended, or the viewer left).
    case unknownSession(SessionID)
}
