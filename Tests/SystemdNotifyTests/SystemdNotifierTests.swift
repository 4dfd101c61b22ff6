import Foundation
import Testing
import TestSupport
@testable import SystemdNotify

/// The sd_notify protocol as systemd reads it: one datagram of
/// newline-separated assignments on `NOTIFY_SOCKET` (sd_notify(3)).
@Suite struct SystemdNotifierTests {
    @Test("sd_notify(3): each message arrives as its exact assignments", arguments: [
        (SystemdNotifyMessage.ready, "READY=1"),
        (.status("streaming to 2 viewers"), "STATUS=streaming to 2 viewers"),
        (.watchdog, "WATCHDOG=1"),
        (.stopping, "STOPPING=1"),
        (.extendTimeout(microseconds: 30_000_000), "EXTEND_TIMEOUT_USEC=30000000"),
        (.reloading(monotonicMicroseconds: 123_456_789), "RELOADING=1\nMONOTONIC_USEC=123456789"),
    ])
    func exactDatagram(message: SystemdNotifyMessage, expected: String) throws {
        for abstract in [false, true] {
            let listener = try NotifyListener(abstract: abstract)
            let notifier = try SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.notifySocket])
            #expect(notifier.isActive)
            try notifier.send(message)
            #expect(listener.receive() == expected, "abstract: \(abstract)")
        }
    }

    @Test("Several messages travel in one datagram so systemd applies them together")
    func combinedDatagram() throws {
        let listener = try NotifyListener(abstract: true)
        let notifier = try SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.notifySocket])
        try notifier.send(.ready, .status("serving on 127.0.0.1:8443"))
        #expect(listener.receive() == "READY=1\nSTATUS=serving on 127.0.0.1:8443")
        #expect(listener.drain().isEmpty)
    }

    @Test("RELOADING=1 carries CLOCK_MONOTONIC now (systemd 253 notify-reload)")
    func reloadingStamp() throws {
        let listener = try NotifyListener(abstract: false)
        let notifier = try SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.notifySocket])
        let before = SystemdNotifier.monotonicMicroseconds()
        try notifier.sendReloading()
        let after = SystemdNotifier.monotonicMicroseconds()
        let text = try #require(listener.receive())
        let lines = text.split(separator: "\n")
        #expect(lines.first == "RELOADING=1")
        let stamp = try #require(lines.last.flatMap { UInt64($0.dropFirst("MONOTONIC_USEC=".count)) })
        #expect(lines.last?.hasPrefix("MONOTONIC_USEC=") == true)
        #expect((before...after).contains(stamp))
    }

    @Test("A status with a newline is refused, not split into a forged assignment")
    func statusInjection() throws {
        let listener = try NotifyListener(abstract: true)
        let notifier = try SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.notifySocket])
        #expect(throws: SystemdNotifyError.statusContainsNewline("ok\nREADY=1")) {
            try notifier.send(.status("ok\nREADY=1"))
        }
        #expect(listener.drain().isEmpty)
    }

    @Test("Not under systemd: NOTIFY_SOCKET unset or empty makes every send a no-op",
          arguments: [[:], ["NOTIFY_SOCKET": ""]])
    func inactiveOutsideSystemd(environment: [String: String]) throws {
        let notifier = try SystemdNotifier(environment: environment)
        #expect(!notifier.isActive)
        try notifier.send(.ready, .watchdog, .stopping)
        try SystemdNotifier.inactive.send(.ready)
    }

    static let longPath: String = "/" + String(repeating: "a", count: 107)
    static let longName: String = "@" + String(repeating: "b", count: 108)

    @Test("Unusable NOTIFY_SOCKET values give a typed error", arguments: [
        ("run/notify", SystemdNotifyError.notifySocketNotAbsoluteOrAbstract("run/notify")),
        ("@", SystemdNotifyError.notifySocketNotAbsoluteOrAbstract("@")),
        ("vsock:2:1234", SystemdNotifyError.notifySocketNotAbsoluteOrAbstract("vsock:2:1234")),
        (longPath, SystemdNotifyError.notifySocketTooLong(longPath)),
        (longName, SystemdNotifyError.notifySocketTooLong(longName)),
    ] as [(String, SystemdNotifyError)])
    func invalidSocket(value: String, expected: SystemdNotifyError) {
        #expect(throws: expected) { try SystemdNotifier(environment: ["NOTIFY_SOCKET": value]) }
    }

    @Test("A socket nobody listens on reports sendto's errno instead of pretending")
    func nobodyListening() throws {
        let notifier = try SystemdNotifier(environment: ["NOTIFY_SOCKET": "/nonexistent/peercam/notify"])
        #expect(throws: SystemdNotifyError.systemCall(name: "sendto", errno: 2)) { try notifier.send(.ready) }
    }
}

/// systemd's own client, `systemd-notify(1)`, as an independent peer: it must
/// reach our test socket through the same `NOTIFY_SOCKET` spellings, and put
/// the same bytes on the wire as ``SystemdNotifier``. Needs the Debian
/// `systemd` package (scripts/bootstrap installs it).
@Suite struct SystemdNotifyInteropTests {
    /// Awaited through `ProcessRun`, so a slow systemd-notify never holds a cooperative thread.
    static func runSystemdNotify(_ arguments: [String], notifySocket: String) async throws -> Int32 {
        // --no-block: no BARRIER=1 round trip, which only PID 1 answers.
        try await ProcessRun.run(executable: URL(fileURLWithPath: "/usr/bin/systemd-notify"),
                                 arguments: ["--no-block"] + arguments,
                                 environment: ["NOTIFY_SOCKET": notifySocket, "PATH": "/usr/bin:/bin"]).status
    }

    @Test("systemd-notify and SystemdNotifier send identical datagrams", arguments: [false, true])
    func sameBytesAsSystemd(abstract: Bool) async throws {
        let listener = try NotifyListener(abstract: abstract)
        #expect(try await Self.runSystemdNotify(["--ready", "--status=2 viewers"], notifySocket: listener.notifySocket) == 0)
        let fromSystemd = try #require(listener.receive())
        try SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.notifySocket]).send(.ready, .status("2 viewers"))
        let fromUs = try #require(listener.receive())
        #expect(fromSystemd == "READY=1\nSTATUS=2 viewers")
        #expect(fromUs == fromSystemd)
    }

    @Test("STOPPING=1 and WATCHDOG=1 as systemd-notify writes them")
    func plainAssignments() async throws {
        let listener = try NotifyListener(abstract: true)
        let notifier = try SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.notifySocket])
        for (message, assignment) in [(SystemdNotifyMessage.stopping, "STOPPING=1"), (.watchdog, "WATCHDOG=1")] {
            #expect(try await Self.runSystemdNotify([assignment], notifySocket: listener.notifySocket) == 0)
            try notifier.send(message)
            #expect(listener.receive() == assignment)
            #expect(listener.receive() == assignment)
        }
    }
}
