import Foundation

/// Runs subprocesses for async tests without blocking Swift's cooperative pool.
///
/// Why: `Process.waitUntilExit()` and `readDataToEndOfFile()` hold a cooperative thread for
/// as long as the child runs, and this machine's pool has two; a 60 s browser check then
/// starves the connection under test. Here the exit is awaited through `terminationHandler`
/// and the pipes are drained on plain threads, so the awaiting task only suspends.
public enum ProcessRun {
    /// What a finished subprocess left behind.
    public struct Outcome: Sendable {
        /// The exit status, or the signal number when `reason` is `.uncaughtSignal`.
        public var status: Int32
        public var reason: Process.TerminationReason
        public var stdout: Data
        public var stderr: Data

        /// stdout decoded as UTF-8.
        public var output: String { String(decoding: stdout, as: UTF8.self) }
        /// stderr decoded as UTF-8.
        public var errorOutput: String { String(decoding: stderr, as: UTF8.self) }
        /// True for a normal exit with status 0.
        public var succeeded: Bool { reason == .exit && status == 0 }
    }

    /// Starts `executable`, writes `input` to its stdin (then closes it), and returns once
    /// it exited and both output pipes reached end of file.
    public static func run(executable: URL, arguments: [String] = [],
                           environment: [String: String]? = nil, currentDirectory: URL? = nil,
                           input: Data? = nil) async throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        return try await withCheckedThrowingContinuation { continuation in
            let outcome = OutcomeGathering(continuation)
            process.terminationHandler = { outcome.exited(status: $0.terminationStatus, reason: $0.terminationReason) }
            do {
                try process.run()
            } catch {
                outcome.failed(error)
                return
            }
            let outputReader = stdout.fileHandleForReading, errorReader = stderr.fileHandleForReading
            Thread.detachNewThread { outcome.drained(stdout: outputReader.readDataToEndOfFile()) }
            Thread.detachNewThread { outcome.drained(stderr: errorReader.readDataToEndOfFile()) }
            let writer = stdin.fileHandleForWriting
            Thread.detachNewThread {
                if let input { try? writer.write(contentsOf: input) }
                try? writer.close()
            }
        }
    }

    /// Like `run`, with `executable` looked up on `PATH` (`ffprobe`, `node`, …).
    public static func run(command: String, arguments: [String] = [],
                           environment: [String: String]? = nil, currentDirectory: URL? = nil,
                           input: Data? = nil) async throws -> Outcome {
        try await run(executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: [command] + arguments,
                      environment: environment, currentDirectory: currentDirectory, input: input)
    }

    /// Waits for an already running `process` to end, suspending rather than blocking, and
    /// returns its exit status. For long-lived children a test drives itself (servers, peers)
    /// whose `terminationHandler` was not set before `run()`.
    public static func exit(of process: Process, polling interval: Duration = .milliseconds(20)) async -> Int32 {
        while process.isRunning { try? await Task.sleep(for: interval) }
        return process.terminationStatus
    }
}

/// Collects the three events a run ends with (exit, stdout EOF, stderr EOF), in any order,
/// and resumes the waiting task exactly once.
private final class OutcomeGathering: @unchecked Sendable {
    // @unchecked: every field is behind `lock`.
    private let lock = NSLock()
    private var continuation: CheckedContinuation<ProcessRun.Outcome, Error>?
    private var exit: (status: Int32, reason: Process.TerminationReason)?
    private var stdout: Data?, stderr: Data?

    init(_ continuation: CheckedContinuation<ProcessRun.Outcome, Error>) {
        self.continuation = continuation
    }

    func exited(status: Int32, reason: Process.TerminationReason) { update { $0.exit = (status, reason) } }
    func drained(stdout data: Data) { update { $0.stdout = data } }
    func drained(stderr data: Data) { update { $0.stderr = data } }

    func failed(_ error: Error) {
        lock.withLock { () -> CheckedContinuation<ProcessRun.Outcome, Error>? in
            defer { continuation = nil }
            return continuation
        }?.resume(throwing: error)
    }

    private func update(_ change: (OutcomeGathering) -> Void) {
        let ready = lock.withLock { () -> (CheckedContinuation<ProcessRun.Outcome, Error>, ProcessRun.Outcome)? in
            change(self)
            guard let exit, let stdout, let stderr, let continuation else { return nil }
            self.continuation = nil
            return (continuation, ProcessRun.Outcome(status: exit.status, reason: exit.reason, stdout: stdout, stderr: stderr))
        }
        if let (continuation, outcome) = ready { continuation.resume(returning: outcome) }
    }
}
