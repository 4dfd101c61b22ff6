/// Sends `WATCHDOG=1` every half watchdog interval until its task is cancelled.
///
/// A service runs it beside its real work (a child task, or a `ServiceGroup`
/// member: `run()` has the shape of swift-service-lifecycle's `Service`, so
/// `extension SystemdWatchdogPinger: Service {}` is all an agent needs). The
/// optional health check lets the agent stop pinging when its media loop is
/// wedged, so that systemd restarts it instead of trusting a timer thread
/// that is still alive.
public struct SystemdWatchdogPinger: Sendable {
    public let notifier: SystemdNotifier
    public let watchdog: SystemdWatchdog
    let isHealthy: @Sendable () async -> Bool
    let sleep: @Sendable (Duration) async throws -> Void

    /// - Parameters:
    ///   - notifier: where pings go.
    ///   - watchdog: the armed watchdog (from ``SystemdWatchdog/fromEnvironment(_:processID:)``).
    ///   - isHealthy: asked before every ping; a ping is skipped when it says no.
    ///   - sleep: waits between pings; tests inject one that records the waits.
    public init(
        notifier: SystemdNotifier,
        watchdog: SystemdWatchdog,
        isHealthy: @escaping @Sendable () async -> Bool = { true },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.notifier = notifier
        self.watchdog = watchdog
        self.isHealthy = isHealthy
        self.sleep = sleep
    }

    /// Pings once at once (so a slow first interval cannot trip the watchdog),
    /// then every ``SystemdWatchdog/pingInterval``; returns when cancelled.
    ///
    /// - Throws: ``SystemdNotifyError`` when a ping cannot be sent: the socket
    ///   is gone, and silently carrying on would let systemd kill the agent
    ///   without a word in the log.
    public func run() async throws {
        while !Task.isCancelled {
            if await isHealthy() {
                try notifier.send(.watchdog)
            }
            do {
                try await sleep(watchdog.pingInterval)
            } catch is CancellationError {
                return
            }
        }
    }
}
