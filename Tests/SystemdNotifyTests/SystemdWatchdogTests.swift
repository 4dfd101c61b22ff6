import Synchronization
import Testing
import TestSupport
@testable import SystemdNotify

/// `WATCHDOG_USEC` / `WATCHDOG_PID` handling and the ping cadence
/// (sd_watchdog_enabled(3): ping at half the interval).
@Suite struct SystemdWatchdogTests {
    @Test("The ping interval is half of WATCHDOG_USEC", arguments: [
        ("20000000", Duration.seconds(10)),
        ("1000000", .milliseconds(500)),
        ("3", .nanoseconds(1_500)),
    ])
    func halfInterval(usec: String, expectedPing: Duration) throws {
        let watchdog = try #require(try SystemdWatchdog.fromEnvironment(["WATCHDOG_USEC": usec], processID: 42))
        #expect(watchdog.pingInterval == expectedPing)
        #expect(watchdog.timeout == expectedPing * 2)
    }

    @Test("WATCHDOG_PID: armed for this process only")
    func pidCheck() throws {
        let mine = try SystemdWatchdog.fromEnvironment(["WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "42"], processID: 42)
        #expect(mine == SystemdWatchdog(timeout: .seconds(4)))
        let other = try SystemdWatchdog.fromEnvironment(["WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "43"], processID: 42)
        #expect(other == nil)
    }

    @Test("No WATCHDOG_USEC: no watchdog", arguments: [[:], ["WATCHDOG_USEC": ""], ["WATCHDOG_PID": "1"]])
    func unset(environment: [String: String]) throws {
        #expect(try SystemdWatchdog.fromEnvironment(environment, processID: 1) == nil)
    }

    @Test("Malformed watchdog variables give typed errors", arguments: [
        (["WATCHDOG_USEC": "0"], SystemdNotifyError.watchdogIntervalNotPositiveInteger("0")),
        (["WATCHDOG_USEC": "-5"], .watchdogIntervalNotPositiveInteger("-5")),
        (["WATCHDOG_USEC": "10s"], .watchdogIntervalNotPositiveInteger("10s")),
        (["WATCHDOG_USEC": "١٠"], .watchdogIntervalNotPositiveInteger("١٠")),
        (["WATCHDOG_USEC": "1000", "WATCHDOG_PID": "self"], .watchdogPIDNotPositiveInteger("self")),
        (["WATCHDOG_USEC": "1000", "WATCHDOG_PID": "0"], .watchdogPIDNotPositiveInteger("0")),
    ])
    func malformed(environment: [String: String], expected: SystemdNotifyError) {
        #expect(throws: expected) { try SystemdWatchdog.fromEnvironment(environment, processID: 1) }
    }

    @Test("The pinger sends WATCHDOG=1 once per half interval, starting at once")
    func pingCadence() async throws {
        let listener = try NotifyListener(abstract: true)
        let notifier = try SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.notifySocket])
        let watchdog = try #require(try SystemdWatchdog.fromEnvironment(["WATCHDOG_USEC": "6000000"], processID: 1))
        let waits = Mutex<[Duration]>([])
        let pinger = SystemdWatchdogPinger(notifier: notifier, watchdog: watchdog, sleep: { duration in
            let count = waits.withLock { $0.append(duration); return $0.count }
            if count == 5 { throw CancellationError() }
        })
        try await pinger.run()
        #expect(waits.withLock { $0 } == Array(repeating: .seconds(3), count: 5))
        #expect(listener.drain() == Array(repeating: "WATCHDOG=1", count: 5))
    }

    @Test("An unhealthy service stops pinging, so systemd's watchdog fires")
    func healthGate() async throws {
        let listener = try NotifyListener(abstract: false)
        let notifier = try SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.notifySocket])
        let rounds = Mutex(0)
        let pinger = SystemdWatchdogPinger(
            notifier: notifier, watchdog: SystemdWatchdog(timeout: .seconds(2)),
            isHealthy: { rounds.withLock { $0 } < 2 },
            sleep: { _ in
                let count = rounds.withLock { $0 += 1; return $0 }
                if count == 4 { throw CancellationError() }
            })
        try await pinger.run()
        #expect(listener.drain().count == 2)
    }

    @Test("With the real clock, a cancelled pinger returns without error")
    func realClockCancellation() async throws {
        let listener = try NotifyListener(abstract: true)
        let notifier = try SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.notifySocket])
        let pinger = SystemdWatchdogPinger(notifier: notifier, watchdog: SystemdWatchdog(timeout: .milliseconds(100)))
        let task = Task { try await pinger.run() }
        #expect(await listener.next() == "WATCHDOG=1")
        #expect(await listener.next() == "WATCHDOG=1")
        task.cancel()
        try await task.value
    }
}
