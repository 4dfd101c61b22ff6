import CameraAgentCore
import CameraPipeline
import Foundation
import Logging
import PeerCamConfig
import PeerCamCore
import Signaling
import Testing
import TestSupport

/// A real `CameraAgent` in this process: test pattern + tone, TLS signaling on a free
/// loopback port, admin socket and state in a temporary directory, ICE on 127.0.0.1 only.
/// Signals are left alone; `stop()` does what SIGTERM does.
final class TestCamera: Sendable {
    let directory: String
    let agent: CameraAgent
    let endpoint: SignalingEndpoint
    let admin: SignalingAdminClient
    private let task: Task<Void, any Error>

    init(maxPerStream: Int = 8, maxTotal: Int = 32, size: VideoSize = VideoSize(width: 320, height: 240),
         sources: CameraStreamSources? = nil) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("peercam-cam-\(UUID().uuidString)").path
        var configuration = CameraAgentConfiguration()
        configuration.stateDirectory = directory + "/state"
        configuration.adminSocket = directory + "/run/admin.sock"
        configuration.listen = HostPort(host: "127.0.0.1", port: 0)
        configuration.video.device = .testPattern
        configuration.video.size = size
        configuration.video.framesPerSecond = 15
        configuration.video.bitrate = 500_000
        configuration.audio.device = .testTone
        configuration.viewers.maxPerStream = maxPerStream
        configuration.viewers.maxTotal = maxTotal
        configuration.ice.hostAddresses = ["127.0.0.1"]
        var logger = Logger(label: "camera-agent-test")
        logger.logLevel = ProcessInfo.processInfo.environment["CAMERA_AGENT_TEST_LOG"] != nil ? .trace : .critical
        agent = try CameraAgent(configuration: configuration, environment: [:], logger: logger, sources: sources)
        let agent = self.agent
        task = Task { try await agent.run(shutdownSignals: []) }
        guard let port = await agent.server.listeningPort(), await agent.server.adminSocketReady() else {
            throw TestTimeout("the camera never listened")
        }
        endpoint = SignalingEndpoint(host: "127.0.0.1", port: port)
        admin = SignalingAdminClient(socketPath: configuration.adminSocket)
    }

    deinit {
        task.cancel()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Graceful shutdown, as on SIGTERM; returns when the agent's run has ended.
    func stop() async throws {
        await agent.requestShutdown()
        try await task.value
    }

    /// Pairs a viewer through the admin socket and `POST /pair`.
    func pairViewer(name: String = "Test viewer") async throws -> PairedCamera {
        let issued = try await admin.issuePairingCode()
        return try await SignalingClient.pair(with: endpoint, code: issued.code, name: name,
                                              fingerprint: agent.state.tlsIdentity.fingerprint)
    }
}
