import Foundation

/// `Tests/Interop/browser_player_check.py` run as a child: headless Chromium plays the page
/// against aiortc_whep_server.py. It prints one JSON line with what it saw.
enum BrowserPlayerCheck {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let python = repositoryRoot.appendingPathComponent(".venv/bin/python")
    static let script = repositoryRoot.appendingPathComponent("Tests/Interop/browser_player_check.py")
    static let chromium = URL(fileURLWithPath: "/usr/bin/chromium")
    static let chromedriver = URL(fileURLWithPath: "/usr/bin/chromedriver")

    /// Whether `scripts/bootstrap`'s venv has `package` installed (looked up on disk, so that
    /// deciding to skip costs no Python start).
    static func venvHas(_ package: String) -> Bool {
        let files = FileManager.default
        let libraries = repositoryRoot.appendingPathComponent(".venv/lib")
        return (try? files.contentsOfDirectory(atPath: libraries.path))?.contains { version in
            files.fileExists(atPath: libraries.appendingPathComponent("\(version)/site-packages/\(package)").path)
        } ?? false
    }

    /// What is missing for the check to run, or nil when it can.
    static let missing: String? = {
        let files = FileManager.default
        if let missing = AiortcWHEPServer.missing { return missing }
        if !venvHas("selenium") { return "no selenium in .venv: rerun scripts/bootstrap" }
        if !files.isExecutableFile(atPath: chromium.path) { return "no /usr/bin/chromium (Debian chromium)" }
        if !files.isExecutableFile(atPath: chromedriver.path) { return "no /usr/bin/chromedriver (Debian chromium-driver)" }
        return nil
    }()

    struct Outcome {
        let result: [String: Any]
        let stderr: String
    }

    struct NoResultLine: Error, CustomStringConvertible {
        let stdout: String, stderr: String
        var description: String { "browser check printed no JSON result.\nstdout: \(stdout)\nstderr: \(stderr)" }
    }

    /// Runs the check on `page` (written to a temporary file) served with `contentSecurityPolicy`.
    static func run(page: [UInt8], contentSecurityPolicy: String) throws -> Outcome {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("peercam-browser-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let pageFile = directory.appendingPathComponent("player.html")
        let errorFile = directory.appendingPathComponent("stderr.txt")
        try Data(page).write(to: pageFile)
        try Data().write(to: errorFile)
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        defer { try? errorHandle.close() }

        let process = Process()
        process.executableURL = python
        process.arguments = [script.path, "--page", pageFile.path, "--csp", contentSecurityPolicy,
                             "--chromium", chromium.path, "--chromedriver", chromedriver.path]
        let output = Pipe()
        process.standardOutput = output
        // A file, not a pipe: nobody has to drain it while stdout is read.
        process.standardError = errorHandle
        try process.run()
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let stderr = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""

        let lastLine = stdout.split(separator: "\n").last.map(String.init) ?? ""
        guard let object = try? JSONSerialization.jsonObject(with: Data(lastLine.utf8)),
              let result = object as? [String: Any] else {
            throw NoResultLine(stdout: stdout, stderr: stderr)
        }
        return Outcome(result: result, stderr: stderr)
    }
}
