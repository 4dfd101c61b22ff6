import Foundation
import TestSupport

/// `Tests/Interop/aiortc_whep_server.py` as a child process: an independent WHEP server (aiortc)
/// on loopback, serving a moving bar (H264) and a 440 Hz tone (Opus).
///
/// It prints its endpoint URL as its only stdout line; that line is read on a plain thread so
/// no Swift-concurrency thread blocks on the pipe.
final class AiortcWHEPServer: @unchecked Sendable {
    // @unchecked: `process` is only started in init and signalled afterwards; the rest is immutable.
    let url: String
    let token: String
    let port: Int
    private let process = Process()
    private let errors = Pipe()

    /// Starts the server; returns once it printed its URL (or throws after 30 s / on exit).
    init(token: String, port: Int = 0, extraArguments: [String] = []) async throws {
        guard JSONLinesPeerProcess.pythonExists else {
            throw OutputFileError("no .venv: run scripts/bootstrap to install aiortc")
        }
        self.token = token
        process.executableURL = JSONLinesPeerProcess.python
        process.arguments = [JSONLinesPeerProcess.repositoryRoot.appendingPathComponent("Tests/Interop/aiortc_whep_server.py").path,
                             "--token", token, "--port", String(port), "--fps", "15"] + extraArguments
        process.currentDirectoryURL = JSONLinesPeerProcess.repositoryRoot
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let reader = output.fileHandleForReading
        let line: String? = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var buffered = Data()
                while !buffered.contains(10) {
                    let chunk = reader.availableData
                    if chunk.isEmpty { break }
                    buffered += chunk
                }
                let text = String(decoding: buffered, as: UTF8.self).split(separator: "\n").first.map(String.init)
                continuation.resume(returning: text)
                // Keep draining so the server never blocks on a full pipe.
                while !reader.availableData.isEmpty {}
            }
        }
        guard let line, line.hasPrefix("http://"), let components = URLComponents(string: line), let port = components.port else {
            process.terminate()
            throw OutputFileError("the WHEP server printed no URL: \(line ?? "(nothing)")")
        }
        url = line
        self.port = port
    }

    /// GET on one of the server's JSON listings (`/sessions`, `/sessions/deleted`).
    func listing(_ path: String) async throws -> Any {
        let outcome = try await ProcessRun.run(command: "curl", arguments: [
            "-sf", "-H", "Authorization: Bearer \(token)", "http://127.0.0.1:\(port)\(path)"])
        return try JSONSerialization.jsonObject(with: outcome.stdout)
    }

    /// SIGTERM (the server closes its peer connections and exits 0), then waits for the exit.
    func stop() async {
        if process.isRunning { process.terminate() }
        _ = await ProcessRun.exit(of: process)
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}
