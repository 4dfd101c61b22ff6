import Foundation

/// The Python peer process and its JSON-lines conversation.
final class AiortcPeer {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static var python: URL? {
        let candidate = repositoryRoot.appendingPathComponent(".venv/bin/python")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }

    struct Silent: Error { let stderr: String }

    private let process = Process()
    private let input = Pipe(), output = Pipe(), errors = Pipe()
    private var buffered: [UInt8] = []

    init(role: String) throws {
        guard let python = Self.python else { throw Silent(stderr: "no .venv") }
        process.executableURL = python
        process.arguments = [URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Peers/aiortc_dtls_srtp_peer.py").path, role]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
    }

    /// Reads one JSON object line; throws with aiortc's stderr if the process ends first.
    func readLine() throws -> [String: Any] {
        while true {
            if let newline = buffered.firstIndex(of: 10) {
                let line = Data(buffered[..<newline])
                buffered.removeSubrange(...newline)
                return try JSONSerialization.jsonObject(with: line) as? [String: Any] ?? [:]
            }
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else {
                throw Silent(stderr: String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
            }
            buffered += chunk
        }
    }

    func writeLine(_ object: [String: Any]) throws {
        var line = try JSONSerialization.data(withJSONObject: object)
        line.append(10)
        input.fileHandleForWriting.write(line)
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
