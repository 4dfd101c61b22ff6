import Foundation

/// aioice (aiortc's ICE layer, from the venv `scripts/bootstrap` makes) run as a child
/// process, signaling over line-delimited JSON on its stdin/stdout.
final class AioicePeer: Sendable {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Interop/aioice_peer.py").path
    static let python = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../.venv/bin/python").standardized.path
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: python) }

    let messages: AsyncStream<[String: String]>
    private let process: Process
    private let input: FileHandle

    init(role: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [Self.script, role]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        let (messages, continuation) = AsyncStream.makeStream(of: [String: String].self)
        // A plain thread reads the blocking pipe, keeping the cooperative pool free.
        let output = stdout.fileHandleForReading
        Thread.detachNewThread {
            var buffer = Data()
            while true {
                let chunk = output.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: 0x0A) {
                    let line = buffer[buffer.startIndex..<newline]
                    buffer.removeSubrange(buffer.startIndex...newline)
                    if let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] {
                        continuation.yield(object.mapValues { "\($0)" })
                    }
                }
            }
            continuation.finish()
        }
        try process.run()
        self.process = process
        self.input = stdin.fileHandleForWriting
        self.messages = messages
    }

    func send(_ message: [String: String]) throws {
        var line = try JSONSerialization.data(withJSONObject: message)
        line.append(0x0A)
        try input.write(contentsOf: line)
    }

    func finish() {
        try? input.close()
        process.waitUntilExit()
    }
}
