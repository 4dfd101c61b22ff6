#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
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

        // The first datagrams: READY=1 (with STATUS=), and the first ping.
        var assignments: [String] = []
        var pingTimes: [ContinuousClock.Instant] = []
        let clock = ContinuousClock()
        let watchEnd = clock.now + .seconds(3)
        while clock.now < watchEnd {
            guard let datagram = await listener.next() else { break }
            for assignment in datagram.split(separator: "\n").map(String.init) {
                assignments.append(assignment)
                if assignment == "WATCHDOG=1" { pingTimes.append(clock.now) }
            }
        }
        #expect(assignments.contains("READY=1"))
        #expect(assignments.contains { $0.hasPrefix("STATUS=") })
        #expect(!assignments.contains("STOPPING=1"))

        // 3 s at one ping per 500 ms is 6 or 7 pings. The bounds only tell a
        // correct cadence from a wrong one (pinging at the full interval gives
        // 3 or 4, none at all 0), whatever the load on a shared machine.
        #expect((5...9).contains(pingTimes.count), "pings in 3 s: \(pingTimes.count)")
        let gaps = zip(pingTimes.dropFirst(), pingTimes).map { $0 - $1 }
        let longest = gaps.max() ?? .zero
        #expect(longest < .seconds(1), "a gap of \(longest) would trip the 1 s watchdog")

        kill(process.processIdentifier, SIGTERM)
        var afterTerm: [String] = []
        while let datagram = await listener.next() {
            afterTerm += datagram.split(separator: "\n").map(String.init)
            if afterTerm.contains(where: { $0.hasPrefix("STATUS=") }) && afterTerm.contains("STOPPING=1") { break }
        }
        #expect(afterTerm.contains("STOPPING=1"))
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }
}
