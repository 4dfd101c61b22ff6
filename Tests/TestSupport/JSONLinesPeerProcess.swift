import Foundation

/// A test peer run as a child process that speaks JSON lines on stdin/stdout (the aiortc
/// scripts in Tests/Interop): one JSON object per line, each with a `"type"`.
///
/// Why a dedicated reader thread per pipe: waiting for the peer must never block a
/// Swift-concurrency thread that the connection under test needs, and a peer that logs a
/// lot to stderr must not stall on a full pipe while the test waits for its stdout.
public final class JSONLinesPeerProcess: @unchecked Sendable {
    // @unchecked: `lines` is used by one test task at a time; `recorded` and `errorText`
    // are behind a lock; the rest is immutable after `init`.

    /// The checkout's root, found from this file's place (Tests/TestSupport/…).
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The interpreter of the `.venv` that `scripts/bootstrap` makes (aiortc, numpy).
    public static let python = repositoryRoot.appendingPathComponent(".venv/bin/python")
    /// True when `.venv` exists; tests that need it are reported as skipped without it.
    public static var pythonExists: Bool { FileManager.default.isExecutableFile(atPath: python.path) }

    /// What went wrong in the conversation, with the peer's stderr tail when it ended.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private let process = Process()
    private let input = Pipe(), output = Pipe(), errors = Pipe()
    private var lines: AsyncStream<Data>.Iterator
    private let lock = NSLock()
    private var recorded: [[String: Any]] = []
    private var errorText = Data()

    /// Starts `.venv/bin/python <script> <arguments…>` from the repository root.
    /// - Parameter script: path relative to the repository root.
    public init(script: String, arguments: [String]) throws {
        guard Self.pythonExists else {
            throw Failure(description: "no \(Self.python.path): run scripts/bootstrap to install aiortc")
        }
        process.executableURL = Self.python
        process.arguments = [Self.repositoryRoot.appendingPathComponent(script).path] + arguments
        process.currentDirectoryURL = Self.repositoryRoot
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
        let errorReader = errors.fileHandleForReading
        Thread.detachNewThread { [self] in
            while true {
                let chunk = errorReader.availableData
                if chunk.isEmpty { break }
                lock.withLock { errorText += chunk }
            }
        }
    }

    /// The next JSON object the peer wrote, whatever its shape; nil once the peer closed
    /// stdout. For peers whose messages carry no `"type"` (the aioice script).
    public func nextMessage() async throws -> [String: Any]? {
        guard let line = await lines.next() else { return nil }
        guard let message = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else {
            throw Failure(description: "peer wrote a line that is not a JSON object: \(String(decoding: line, as: UTF8.self))")
        }
        return message
    }

    /// The next message of `type`. Messages whose type is in `skipping` are recorded (see
    /// `skipped`) and passed over; any other type first is a protocol error.
    public func next(_ type: String, skipping: Set<String> = []) async throws -> [String: Any] {
        while true {
            guard let message = try await nextMessage() else {
                throw Failure(description: "peer ended before \(type): \(stderrTail())")
            }
            guard let kind = message["type"] as? String else {
                throw Failure(description: "peer wrote a message without a type: \(message)")
            }
            if kind == type { return message }
            guard skipping.contains(kind) else {
                throw Failure(description: "expected \(type), peer said \(message)")
            }
            lock.withLock { recorded.append(message) }
        }
    }

    /// The messages `next` passed over, in order.
    public var skipped: [[String: Any]] { lock.withLock { recorded } }

    /// The last 2000 characters the peer wrote to stderr so far.
    public func stderrTail() -> String {
        String(decoding: lock.withLock { errorText }, as: UTF8.self).suffix(2000).description
    }

    /// Writes one message as a line.
    public func send(_ message: [String: Any]) throws {
        var line = try JSONSerialization.data(withJSONObject: message)
        line.append(10)
        try input.fileHandleForWriting.write(contentsOf: line)
    }

    /// Sends `close` and waits for the process to end (terminated after `grace`).
    public func stop(grace: Duration = .seconds(10)) async {
        try? send(["type": "close"])
        try? input.fileHandleForWriting.close()
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: grace)
        while process.isRunning && clock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { process.terminate() }
        _ = await ProcessRun.exit(of: process)
    }

    /// A test that threw before `stop` must not leave the peer running.
    deinit {
        if process.isRunning { process.terminate() }
    }
}
