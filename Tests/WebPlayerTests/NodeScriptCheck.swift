import Foundation

/// Runs `node --check` on a script, so a syntax error in the page's inline JavaScript fails a
/// Swift test even where no browser is installed.
enum NodeScriptCheck {
    static let node: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("node")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    /// The text between the page's single `<script>` and `</script>`.
    static func inlineScript(of html: String) -> String? {
        guard let open = html.range(of: "<script>"),
              let close = html.range(of: "</script>", range: open.upperBound..<html.endIndex) else { return nil }
        return String(html[open.upperBound..<close.lowerBound])
    }

    static func check(_ script: String) throws -> (status: Int32, diagnostics: String) {
        guard let node else { return (-1, "node not found") }
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("peercam-player-\(UUID().uuidString).js")
        try Data(script.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = node
        process.arguments = ["--check", file.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let diagnostics = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: diagnostics, as: UTF8.self))
    }
}
