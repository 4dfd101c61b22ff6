#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import TestSupport
@testable import SystemdNotify

/// A service's life cycle as systemd sees it, through a socket the test owns:
/// READY=1 with a status, WATCHDOG=1 at half of WATCHDOG_USEC, STOPPING=1 on
/// SIGTERM, exit status 0.
///
/// The process under test is `systemd-notify-standin` (built with the tests)
/// until camera-agent exists; then set `PEERCAM_LIFECYCLE_SUBJECT` to the
/// agent's command line (`/path/camera-agent run --video test …`) to run the
/// same checks on it (issue 7).
@Suite struct ServiceLifecycleTests {
    static func subjectCommand() -> [String] {
        if let command = ProcessInfo.processInfo.environment["PEERCAM_LIFECYCLE_SUBJECT"], !command.isEmpty {
            return command.split(separator: " ").map(String.init)
        }
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return [directory.appendingPathComponent("systemd-notify-standin").path]
    }

    @Test("READY, STATUS, watchdog pings at half WATCHDOG_USEC, STOPPING on SIGTERM, exit 0")
    func lifecycle() async throws {
        let listener = try NotifyListener(abstract: true)
        let command = Self.subjectCommand()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = listener.notifySocket
        environment["WATCHDOG_USEC"] = "1000000" // ping every 500 ms
        environment.removeValue(forKey: "WATCHDOG_PID")
        process.environment = environment
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // READY=1 (with STATUS=) comes first, whenever the process gets going.
        let ready = try #require(await listener.next())
        #expect(ready.split(separator: "\n").first == "READY=1")
        #expect(ready.split(separator: "\n").contains { $0.hasPrefix("STATUS=") })

        // Then pings. Counted from what the kernel queued over a measured
        // span, not from when this (possibly starved) test read them: the
        // cadence itself is pinned exactly by SystemdWatchdogTests with an
        // injected sleep; here the real process must ping repeatedly, and no
        // more often than every 500 ms.
        // Pings queued while this test waited for the CPU are dropped first.
        let clock = ContinuousClock()
        let backlog = listener.drain()
        let start = clock.now
        #expect(backlog.allSatisfy { $0 == "WATCHDOG=1" }, "\(backlog)")
        try await Task.sleep(for: .seconds(3))
        let queued = listener.drain()
        let elapsed = clock.now - start
        #expect(queued.allSatisfy { $0 == "WATCHDOG=1" }, "\(queued)")
        let allowed = Int(elapsed / .milliseconds(500)) + 2
        #expect((2...allowed).contains(queued.count), "\(queued.count) pings in \(elapsed)")

        kill(process.processIdentifier, SIGTERM)
        var afterTerm: [String] = []
        while let datagram = await listener.next() {
            afterTerm += datagram.split(separator: "\n").map(String.init)
            if afterTerm.contains(where: { $0.hasPrefix("STATUS=") }) && afterTerm.contains("STOPPING=1") { break }
        }
        #expect(afterTerm.contains("STOPPING=1"))
        _ = await ProcessRun.exit(of: process)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }
}
