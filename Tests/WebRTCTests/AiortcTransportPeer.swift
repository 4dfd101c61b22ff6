import Foundation
import SDP

/// The aiortc peer process (Tests/Interop/aiortc_transport_peer.py) and its JSON-lines
/// conversation. Needs the `.venv` that `scripts/bootstrap` makes (aiortc 1.16).
///
/// Lines are read on a dedicated thread, so waiting for aiortc never blocks a
/// Swift-concurrency thread the connection under test needs.
final class AiortcTransportPeer: @unchecked Sendable {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = repositoryRoot.appendingPathComponent("Tests/Interop/aiortc_transport_peer.py")
    static let python = repositoryRoot.appendingPathComponent(".venv/bin/python")

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let process = Process()
    private let input = Pipe(), output = Pipe(), errors = Pipe()
    private var lines: AsyncStream<Data>.Iterator

    /// - Parameters:
    ///   - part: "offer" (aiortc offers) or "answer" (aiortc answers our offer).
    ///   - kinds: the media aiortc sends, one test track each.
    init(part: String, kinds: [SDPMediaKind]) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python.path) else {
            throw Failure(description: "no \(Self.python.path): run scripts/bootstrap to install aiortc")
        }
        process.executableURL = Self.python
        process.arguments = [Self.script.path, part, kinds.map(\.rawValue).joined(separator: ",")]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        let (stream, continuation) = AsyncStream.makeStream(of: Data.self)
        lines = stream.makeAsyncIterator()
        try process.run()
        let reader = output.fileHandleForReading
        Thread.detachNewThread {
            var buffered = Data()
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                buffered += chunk
                while let newline = buffered.firstIndex(of: 10) {
                    continuation.yield(Data(buffered[buffered.startIndex..<newline]))
                    buffered = Data(buffered[(newline + 1)...])
                }
            }
            continuation.finish()
        }
    }

    /// The next message of `type`, skipping none: anything else first is a protocol error.
    func next(_ type: String) async throws -> [String: Any] {
        guard let line = await lines.next() else {
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw Failure(description: "aiortc peer ended before \(type): \(stderr.suffix(2000))")
        }
        guard let message = try JSONSerialization.jsonObject(with: line) as? [String: Any],
              message["type"] as? String == type else {
            throw Failure(description: "expected \(type), aiortc said \(String(decoding: line, as: UTF8.self))")
        }
        return message
    }

    func send(_ message: [String: Any]) throws {
        var line = try JSONSerialization.data(withJSONObject: message)
        line.append(10)
        try input.fileHandleForWriting.write(contentsOf: line)
    }

    /// Asks aiortc for its view of the connection (see `stats` in the script).
    func stats() async throws -> [String: Any] {
        try send(["type": "stats"])
        return try await next("stats")
    }

    /// Closes aiortc's connection and waits for the process (killed after 10 s).
    func stop() async {
        try? send(["type": "close"])
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(10))
        while process.isRunning && clock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
