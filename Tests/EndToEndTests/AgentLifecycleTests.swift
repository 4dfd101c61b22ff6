#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import TestSupport

/// The real `camera-agent` as systemd runs it (issue 7), through a notify socket the test
/// owns: `READY=1` with `STATUS=` once serving, `WATCHDOG=1` at half `WATCHDOG_USEC`,
/// status following the sessions, and on SIGTERM `STOPPING=1`, the live viewer's session
/// ended with `stream:ended {shutdown}`, and exit status 0.
@Suite("camera-agent under systemd's protocol", .serialized, .timeLimit(.minutes(3)))
struct AgentLifecycleTests {
    @Test("READY, STATUS, watchdog pings at half WATCHDOG_USEC, STOPPING and sessions ended on SIGTERM, exit 0")
    func lifecycle() async throws {
        let listener = try NotifyListener(abstract: true)
        let camera = try AgentProcess(environment: ["NOTIFY_SOCKET": listener.notifySocket, "WATCHDOG_USEC": "1000000"])
        defer { camera.removeDirectory() }

        let ready = try #require(await listener.next(timeout: .seconds(60)), "no READY; log:\n\(camera.log)")
        let readyLines = ready.split(separator: "\n")
        #expect(readyLines.first == "READY=1")
        #expect(readyLines.contains { $0.hasPrefix("STATUS=") })

        // Pings counted from what the kernel queued over a measured span: the cadence itself
        // is pinned exactly by SystemdWatchdogTests; here the agent must ping repeatedly and
        // never more often than every 500 ms.
        _ = listener.drain()
        let clock = ContinuousClock()
        let start = clock.now
        try await Task.sleep(for: .seconds(3))
        let pings = listener.drain().filter { $0 == "WATCHDOG=1" }.count
        let allowed = Int((clock.now - start) / .milliseconds(500)) + 2
        #expect((2...allowed).contains(pings), "\(pings) pings")

        // A live viewer-agent, so shutdown has a session to end.
        let viewer = try ViewerProcess()
        #expect(try await viewer.pair(with: camera).succeeded)
        try viewer.startWatch(duration: nil, decode: false)
        try await eventually("STATUS shows the viewer streaming", within: 30) {
            listener.drain().contains { $0.contains("STATUS=1 streaming") }
        }

        kill(camera.process.processIdentifier, SIGTERM)
        var afterTerm: [String] = []
        while !afterTerm.contains("STOPPING=1"), let datagram = await listener.next() {
            afterTerm += datagram.split(separator: "\n").map(String.init)
        }
        #expect(afterTerm.contains("STOPPING=1"))
        _ = await ProcessRun.exit(of: camera.process)
        #expect(camera.process.terminationReason == .exit)
        #expect(camera.process.terminationStatus == 0, "log:\n\(camera.log)")
        #expect(camera.log.contains("sessions ended for shutdown"), "\(camera.log)")
        #expect(camera.log.contains("reason=shutdown"), "the live session ended with shutdown:\n\(camera.log)")
        viewer.signal(SIGINT)
        #expect(await viewer.waitForExit() == 0, "\(viewer.log)")
    }
}
