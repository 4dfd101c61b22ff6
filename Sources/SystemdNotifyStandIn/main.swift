// A stand-in for camera-agent's life cycle under systemd, so that the test of
// that life cycle (Tests/SystemdNotifyTests/ServiceLifecycleTests.swift) runs
// against a real process today and against the real agent once it exists.
//
// It does what the agent must do: READY=1 with a STATUS= line once "serving",
// WATCHDOG=1 every half WATCHDOG_USEC, and on SIGTERM STOPPING=1, a final
// status, exit 0. Not installed; not part of the product.
#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import SystemdNotify

let environment = ProcessInfo.processInfo.environment
let notifier: SystemdNotifier
let watchdog: SystemdWatchdog?
do {
    notifier = try SystemdNotifier(environment: environment)
    watchdog = try SystemdWatchdog.fromEnvironment(environment)
} catch {
    FileHandle.standardError.write(Data("systemd-notify-standin: \(error)\n".utf8))
    exit(2)
}

signal(SIGTERM, SIG_IGN)
let termination = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .main)

let pinger = watchdog.map { SystemdWatchdogPinger(notifier: notifier, watchdog: $0) }
let pinging = Task {
    try await pinger?.run()
}

termination.setEventHandler {
    do {
        try notifier.send(.stopping)
        pinging.cancel()
        try notifier.send(.status("stopped: 0 sessions"))
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("systemd-notify-standin: \(error)\n".utf8))
        exit(1)
    }
}
termination.resume()

do {
    try notifier.send(.ready, .status("streaming: 0 viewers"))
} catch {
    FileHandle.standardError.write(Data("systemd-notify-standin: \(error)\n".utf8))
    exit(1)
}
dispatchMain()
