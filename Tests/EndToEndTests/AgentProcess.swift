import Foundation
import Signaling
import TestSupport

/// The real `camera-agent` executable (built beside the tests) on the test source, with its
/// state, admin socket and log in a directory of its own and a fixed loopback port, so a
/// restarted agent (same directory, same port) is the same camera to its viewers.
final class AgentProcess: @unchecked Sendable {
    let directory: String
    let port: Int
    let process = Process()
    var adminSocket: String { directory + "/run/admin.sock" }
    var logFile: String { directory + "/camera-agent.log" }

    static var binDirectory: URL { URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent() }
    static var executable: URL { binDirectory.appendingPathComponent("camera-agent") }

    /// Starts an agent in a fresh directory, or in `reusing`'s directory and port (a restart).
    init(reusing previous: AgentProcess? = nil, environment extra: [String: String] = [:],
         size: String = "320x240", fps: Int = 15) throws {
        if let previous {
            directory = previous.directory
            port = previous.port
        } else {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("peercam-e2e-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            guard let port = LoopbackPort.free() else { throw TestTimeout("no free loopback port") }
            self.port = port
        }
        process.executableURL = Self.executable
        process.arguments = ["run", "--config", "/dev/null", "--state-dir", directory + "/state",
                             "--admin-socket", adminSocket, "--listen", "127.0.0.1:\(port)",
                             "--video", "test", "--audio", "test", "--size", size, "--fps", "\(fps)"]
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PEERCAM_") && $0.key != "NOTIFY_SOCKET" }
        environment["PEERCAM_ICE_HOST_ADDRESSES"] = "127.0.0.1"
        environment.merge(extra) { $1 }
        process.environment = environment
        if !FileManager.default.fileExists(atPath: logFile) { FileManager.default.createFile(atPath: logFile, contents: nil) }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        try log.seekToEnd()
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Removes the directory (call once the last process using it is gone).
    func removeDirectory() { try? FileManager.default.removeItem(atPath: directory) }

    var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

    /// SIGTERM, then the exit status.
    func stop() async -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        return await ProcessRun.exit(of: process)
    }

    /// `camera-agent pair --json`, retried until the running agent answers.
    func issuePairingCode() async throws -> AdminIssuedPairingCode {
        var issued: AdminIssuedPairingCode?
        try await eventually("camera-agent pair answers", within: 60) {
            let outcome = try await ProcessRun.run(executable: Self.executable, arguments: [
                "pair", "--json", "--config", "/dev/null", "--admin-socket", adminSocket])
            guard outcome.succeeded else { return false }
            issued = try JSONDecoder().decode(AdminIssuedPairingCode.self, from: outcome.stdout)
            return true
        }
        guard let issued else { throw TestTimeout("no pairing code") }
        return issued
    }

    /// A paired observer in this process (not a viewer-agent), whose token reads `/metrics`.
    func pairObserver() async throws -> PairedCamera {
        let issued = try await issuePairingCode()
        return try await SignalingClient.pair(with: try SignalingEndpoint(url: issued.cameraURL), code: issued.code,
                                              name: "metrics observer")
    }
}
