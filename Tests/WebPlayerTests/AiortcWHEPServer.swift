import Foundation

/// `Tests/Interop/aiortc_whep_server.py` run as a child process on a free loopback port.
final class AiortcWHEPServer {
    struct StartFailed: Error, CustomStringConvertible {
        let stderr: String
        var description: String { "aiortc_whep_server.py did not print its URL. stderr: \(stderr)" }
    }

    static let script = BrowserPlayerCheck.repositoryRoot
        .appendingPathComponent("Tests/Interop/aiortc_whep_server.py")

    /// The endpoint it printed, `http://127.0.0.1:PORT/whep/STREAM`.
    let endpoint: URL
    let token: String
    private let process = Process()
    private let errors = Pipe()

    init(token: String, arguments: [String] = []) throws {
        self.token = token
        process.executableURL = BrowserPlayerCheck.python
        process.arguments = [Self.script.path, "--token", token, "--port", "0"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        var line: [UInt8] = []
        while !line.contains(10) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("http://127.0.0.1:"), let url = URL(string: text) else {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            throw StartFailed(stderr: String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
        endpoint = url
    }

    /// Sends SIGTERM and returns the exit status (0 is a clean shutdown).
    func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { if process.isRunning { process.terminate() } }

    /// One HTTP exchange through curl (`path` replaces the endpoint's path when given). Not
    /// URLSession: on Linux its async API spun without returning against this server under
    /// swift-testing, and curl shows exactly what went over the wire.
    func send(_ method: String, path: String? = nil, headers: [String: String] = [:],
              body: String? = nil) throws -> (status: Int, headers: [String: String], body: String) {
        var components = URLComponents(url: endpoint, resolvingAgainstBaseURL: false)
        if let path { components?.path = path }
        let url = components?.url ?? endpoint
        let process = Process()
        process.executableURL = Self.curl
        var arguments = ["--silent", "--show-error", "--include", "--max-time", "20", "--request", method]
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { arguments += ["--header", "\(name): \(value)"] }
        let input = Pipe(), output = Pipe()
        if body != nil { arguments += ["--data-binary", "@-"] }
        process.arguments = arguments + [url.absoluteString]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data((body ?? "").utf8))
        try input.fileHandleForWriting.close()
        let raw = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        guard let split = raw.range(of: "\r\n\r\n") else { return (0, [:], raw) }
        let head = raw[..<split.lowerBound].components(separatedBy: "\r\n")
        let status = head.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        var fields: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, fields, String(raw[split.upperBound...]))
    }

    static let curl = URL(fileURLWithPath: "/usr/bin/curl")

    /// What is missing to run the server and talk to it, or nil when nothing is.
    static let missing: String? = {
        if !FileManager.default.isExecutableFile(atPath: BrowserPlayerCheck.python.path) {
            return "no .venv: run scripts/bootstrap"
        }
        for package in ["aiortc", "aiohttp"] where !BrowserPlayerCheck.venvHas(package) {
            return "no \(package) in .venv: rerun scripts/bootstrap"
        }
        if !FileManager.default.isExecutableFile(atPath: curl.path) { return "no /usr/bin/curl" }
        return nil
    }()
}
