import CameraPipeline
import DTLS
import Foundation
import Logging
import PeerCamConfig
import PeerCamCore
import ServiceLifecycle
import Signaling
import Synchronization
import SystemdNotify
import UnixSignals

/// `camera-agent run`: everything the camera box runs, put together.
///
/// Start-up: state directory (identity, TLS certificate, paired devices), the camera
/// stream (idle until a viewer comes), the session hub, the signaling server (HTTPS +
/// WebSocket + admin socket), then `READY=1`. SIGTERM/SIGINT: `STOPPING=1`, every session
/// ended with `stream:ended {shutdown}`, capture stopped, connections closed, database
/// closed, exit 0.
public final class CameraAgent: Sendable {
    public let configuration: CameraAgentConfiguration
    public let state: CameraStateDirectory
    public let hub: CameraSessionHub
    public let server: SignalingServer<ContinuousClock>
    public let metrics: CameraAgentMetrics
    let notifier: SystemdNotifier
    let watchdog: SystemdWatchdog?
    let logger: Logger
    private let runningGroup = Mutex<ServiceGroup?>(nil)

    /// - Parameter sources: replaces the configured capture sources (see `CameraStreamHost`).
    public init(configuration: CameraAgentConfiguration, environment: [String: String], logger: Logger,
                sources: CameraStreamSources? = nil) throws {
        self.configuration = configuration
        self.logger = logger
        notifier = try SystemdNotifier(environment: environment)
        watchdog = try SystemdWatchdog.fromEnvironment(environment)
        state = try CameraStateDirectory.open(path: configuration.stateDirectory,
                                              cameraName: Self.defaultCameraName(environment: environment))
        let certificate = try DTLSCertificate.generate(commonName: "PeerCam camera \(state.identity.id)")
        let host = try CameraStreamHost(configuration: configuration, sources: sources, logger: logger)
        let peerConfiguration = try CameraPeerConnectionSettings.make(from: configuration.ice, certificate: certificate,
                                                                      cname: state.identity.id.rawValue)
        hub = CameraSessionHub(host: host, limits: .init(maxPerStream: configuration.viewers.maxPerStream,
                                                          maxTotal: configuration.viewers.maxTotal),
                               peerConfiguration: peerConfiguration, logger: logger)
        let metrics = CameraAgentMetrics()
        self.metrics = metrics
        let hub = self.hub
        let serverConfiguration = SignalingServer<ContinuousClock>.Configuration(
            host: configuration.listen.host, port: Int(configuration.listen.port),
            adminSocketPath: configuration.adminSocket, iceServers: try Self.whepICEServers(configuration.ice.servers))
        let codePolicy = PairingCodeBook<ContinuousClock>.Policy(
            lifetime: .seconds(configuration.pairing.codeLifetimeSeconds),
            maximumFailedAttempts: configuration.pairing.maxAttempts)
        var metricsText: (@Sendable () async -> String)?
        if configuration.metrics.enabled {
            metricsText = { @Sendable in await Self.metricsText(hub: hub, metrics: metrics) }
        }
        server = SignalingServer(
            configuration: serverConfiguration, camera: state.identity, tlsIdentity: state.tlsIdentity,
            store: state.store, handler: hub, clock: ContinuousClock(), codePolicy: codePolicy,
            whep: hub, sessionDirectory: hub, metrics: metricsText, logger: logger)
    }

    /// The `[ice]` servers as WHEP `Link` headers, so WHEP clients use the same ones.
    static func whepICEServers(_ servers: [ICEServer]) throws -> [WHEPICEServer] {
        try servers.flatMap { server in
            try server.urls.map { try WHEPICEServer(url: $0, username: server.username, credential: server.credential) }
        }
    }

    /// Runs until one of `shutdownSignals` arrives (or `requestShutdown()`), then shuts
    /// down gracefully: sessions ended, capture stopped, connections closed.
    public func run(shutdownSignals: [UnixSignal] = [.sigterm, .sigint]) async throws {
        await hub.attach(server)
        let supervisor = CameraAgentSupervisor(agent: self)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: server), .init(service: supervisor)],
            gracefulShutdownSignals: shutdownSignals, logger: logger))
        runningGroup.withLock { $0 = group }
        try await group.run()
        logger.notice("camera-agent stopped")
    }

    /// What SIGTERM does, for an agent run inside another program (tests).
    public func requestShutdown() async {
        await runningGroup.withLock { $0 }?.triggerGracefulShutdown()
    }

    /// The Prometheus text for `GET /metrics`.
    public func metricsText() async -> String { await Self.metricsText(hub: hub, metrics: metrics) }

    static func metricsText(hub: CameraSessionHub, metrics: CameraAgentMetrics) async -> String {
        let sessions = await hub.snapshot()
        return metrics.render(stream: hub.host.counters, sessions: sessions)
    }

    /// `STATUS=` text: what an operator sees in `systemctl status`.
    func statusLine() async -> String {
        let snapshot = await hub.snapshot()
        let capture = hub.host.counters.isRunning ? "capturing" : "idle"
        return "\(snapshot.streaming) streaming, \(snapshot.requested) connecting; camera \(capture)"
    }

    static func defaultCameraName(environment: [String: String]) -> String {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "camera"
        let name = environment["PEERCAM_CAMERA_NAME"] ?? host
        return (try? DeviceIdentity.validate(name: name)) != nil ? name : "PeerCam camera"
    }
}

/// The agent's own service in the group: readiness, the once-a-second media check and
/// status, the watchdog, and the orderly end of sessions on shutdown. Listed after the
/// signaling server, so the group shuts it down first: viewers get `stream:ended
/// {shutdown}` while their connections are still open.
struct CameraAgentSupervisor: Service {
    let agent: CameraAgent

    func run() async throws {
        let logger = agent.logger
        guard let port = await agent.server.listeningPort() else { return }
        _ = await agent.server.adminSocketReady()
        let url = await agent.server.cameraURL()
        logger.notice("camera-agent serving", metadata: [
            "url": "\(url)", "port": "\(port)", "camera": "\(agent.state.identity.id)",
            "fingerprint": "\(agent.state.tlsIdentity.fingerprint)"])
        let status = await agent.statusLine()
        try agent.notifier.send(.ready, .status(status))
        // However the wait ends (graceful shutdown or cancellation), sessions end in order.
        try? await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                if let watchdog = agent.watchdog {
                    // Each ping first gets an answer from the session hub: if the actor that runs
                    // every session is wedged, pings stop and systemd restarts the agent.
                    let pinger = SystemdWatchdogPinger(notifier: agent.notifier, watchdog: watchdog,
                                                       isHealthy: { await agent.hub.liveSessionCount >= 0 })
                    group.addTask { try await pinger.run() }
                }
                group.addTask {
                    var lastStatus = ""
                    while !Task.isCancelled {
                        await agent.hub.checkMedia()
                        let status = await agent.statusLine()
                        if status != lastStatus {
                            try? agent.notifier.send(.status(status))
                            lastStatus = status
                        }
                        try? await Task.sleep(for: .seconds(1))
                    }
                }
                try await gracefulShutdown()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            try? agent.notifier.send(.stopping, .status("stopping"))
        }
        let live = await agent.hub.liveSessionCount
        await agent.hub.shutDown()
        logger.notice("sessions ended for shutdown", metadata: ["sessions": "\(live)"])
        try? agent.notifier.send(.status("stopped: \(live) sessions ended"))
    }
}
