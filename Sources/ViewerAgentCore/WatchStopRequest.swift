import Synchronization

/// A one-way switch that ends a watch from outside: SIGINT/SIGTERM handlers, `--duration`,
/// or a program embedding ``ViewerWatch``. Safe to fire from any thread, any number of times;
/// every waiter, present or future, wakes once.
public final class WatchStopRequest: Sendable {
    private struct State {
        var reason: WatchStopReason?
        var waiters: [Int: CheckedContinuation<WatchStopReason, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Asks the watch to stop. The first reason wins.
    public func fire(_ reason: WatchStopReason) {
        let woken = state.withLock { state -> [CheckedContinuation<WatchStopReason, Never>] in
            guard state.reason == nil else { return [] }
            state.reason = reason
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in woken { waiter.resume(returning: reason) }
    }

    /// Why the watch was asked to stop, if it was.
    public var reason: WatchStopReason? { state.withLock { $0.reason } }

    /// Returns once fired; returns nil if the waiting task is cancelled first.
    public func wait() async -> WatchStopReason? {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            let reason = await withCheckedContinuation { (continuation: CheckedContinuation<WatchStopReason, Never>) in
                let ready = state.withLock { state -> WatchStopReason? in
                    if let reason = state.reason { return reason }
                    if Task.isCancelled { return .cancelled }
                    state.waiters[id] = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
            return reason == .cancelled ? nil : reason
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(returning: .cancelled)
        }
    }
}

/// Why a watch was stopped from outside.
public enum WatchStopReason: String, Sendable, Codable {
    /// SIGINT (Ctrl-C).
    case interrupted
    /// SIGTERM.
    case terminated
    /// `--duration` elapsed.
    case durationReached
    /// Internal: a waiter's task was cancelled (never fired by callers).
    case cancelled
}
