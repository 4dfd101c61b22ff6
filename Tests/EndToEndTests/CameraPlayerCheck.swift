import Foundation
import TestSupport

/// `Tests/Interop/camera_player_check.py` as a child the test drives one step at a time:
/// headless Chromium on the page a running camera-agent serves, trusting only that camera's
/// certificate key. Steps are commands on the script's stdin, each answered by one JSON line,
/// so the test can restart the camera and read its session list between them without
/// blocking a cooperative thread (the script's output is read on its own thread).
struct CameraPlayerCheck {
    static let script = "Tests/Interop/camera_player_check.py"
    static let chromium = "/usr/bin/chromium", chromedriver = "/usr/bin/chromedriver"

    /// What is missing for the check to run (then the suite is skipped, saying so), or nil.
    static let missing: String? = {
        let files = FileManager.default
        guard JSONLinesPeerProcess.pythonExists else { return "no .venv: run scripts/bootstrap" }
        let libraries = JSONLinesPeerProcess.repositoryRoot.appendingPathComponent(".venv/lib").path
        let versions = (try? files.contentsOfDirectory(atPath: libraries)) ?? []
        guard versions.contains(where: { files.fileExists(atPath: "\(libraries)/\($0)/site-packages/selenium") }) else {
            return "no selenium in .venv: rerun scripts/bootstrap"
        }
        if !files.isExecutableFile(atPath: chromium) { return "no \(chromium) (Debian chromium)" }
        if !files.isExecutableFile(atPath: chromedriver) { return "no \(chromedriver) (Debian chromium-driver)" }
        return nil
    }()

    private let peer: JSONLinesPeerProcess
    /// The `ready` line: the SPKI pin Chromium was started with, among others.
    let ready: [String: Any]

    /// Starts Chromium on `camera`'s player page, pinned to `fingerprint` (`AB:CD:…`).
    init(camera: AgentProcess, fingerprint: String) async throws {
        peer = try JSONLinesPeerProcess(script: Self.script, arguments: [
            "--url", camera.playerURL, "--fingerprint", fingerprint,
            "--chromium", Self.chromium, "--chromedriver", Self.chromedriver])
        ready = try await Self.expect("ready", from: peer)
    }

    /// Pastes `token` (after forgetting any stored one) and waits until the page plays video
    /// and audio; the `playing` line with the browser's getStats() figures.
    func play(token: String) async throws -> [String: Any] {
        try await command(["type": "play", "token": token], answer: "playing")
    }

    /// Pastes a token the camera does not know; the `unauthorized` line with the shown message.
    func refuse(token: String) async throws -> [String: Any] {
        try await command(["type": "refused", "token": token], answer: "unauthorized")
    }

    /// Waits until the page noticed that the camera went away.
    func awaitLoss() async throws -> [String: Any] {
        try await command(["type": "await-loss"], answer: "lost")
    }

    /// Waits until a session newer than `afterSession` plays (the page reconnected on its own).
    func awaitPlaying(afterSession: Int) async throws -> [String: Any] {
        try await command(["type": "await-playing", "afterSession": afterSession], answer: "playing")
    }

    /// Clicks Leave (the page sends DELETE).
    func leave() async throws -> [String: Any] {
        try await command(["type": "leave"], answer: "left")
    }

    /// Closes the browser; the script's one `result` line (`ok`, `steps`, `consoleErrors`).
    func close() async throws -> [String: Any] {
        try peer.send(["type": "close"])
        let result = try await Self.expect("result", from: peer)
        await peer.stop()
        return result
    }

    /// Ends the script at once (a test that failed midway).
    func kill() async { await peer.stop(grace: .seconds(15)) }

    private func command(_ message: [String: Any], answer: String) async throws -> [String: Any] {
        try peer.send(message)
        return try await Self.expect(answer, from: peer)
    }

    /// The next line, which must be of `type`; otherwise the failure with Chromium's stderr tail.
    private static func expect(_ type: String, from peer: JSONLinesPeerProcess) async throws -> [String: Any] {
        do {
            return try await peer.next(type)
        } catch {
            throw StepFailed(description: "\(error)\nstderr: \(peer.stderrTail())")
        }
    }

    /// A step the script did not answer as expected, with what it said and its stderr tail.
    struct StepFailed: Error, CustomStringConvertible { var description: String }
}
