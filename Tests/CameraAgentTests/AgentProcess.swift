import Foundation
import Signaling
import TestSupport

/// The real `camera-agent` executable (built beside the tests) on the test source, with
/// its state, admin socket and log in a temporary directory and its own loopback port.
final class AgentProcess: @unchecked Sendable {
    let directory: String
    let port: Int
    let process = Process()
    var adminSocket: String { directory + "/run/admin.sock" }
    var logFile: String { directory + "/camera-agent.log" }

    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("camera-agent")
    }

    init(environment extra: [String: String] = [:], arguments: [String] = []) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("peercam-agent-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard let port = LoopbackPort.free() else { throw TestTimeout("no free loopback port") }
        self.port = port
        process.executableURL = Self.executable
        process.arguments = ["run", "--config", "/dev/null", "--state-dir", directory + "/state",
                             "--admin-socket", adminSocket, "--listen", "127.0.0.1:\(port)",
                             "--video", "test", "--audio", "test", "--size", "320x240", "--fps", "15"] + arguments
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PEERCAM_") }
        environment["PEERCAM_ICE_HOST_ADDRESSES"] = "127.0.0.1"
        environment.merge(extra) { $1 }
        process.environment = environment
        FileManager.default.createFile(atPath: logFile, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

    /// Waits until the admin socket answers, then pairs a viewer through it.
    func pairViewer(name: String = "Process test viewer") async throws -> PairedCamera {
        let admin = SignalingAdminClient(socketPath: adminSocket)
        var issued: AdminIssuedPairingCode?
        try await eventually("the agent's admin socket answers", within: 30) {
            issued = try? await admin.issuePairingCode()
            return issued != nil
        }
        guard let issued else { throw TestTimeout("no pairing code") }
        return try await SignalingClient.pair(with: try SignalingEndpoint(url: issued.cameraURL), code: issued.code,
                                              name: name)
    }
}
