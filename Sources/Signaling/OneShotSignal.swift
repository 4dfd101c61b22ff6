import Synchronization

/// A value that is settled once and awaited by any number of tasks: the port a
/// server bound (nil if it stopped first), or that a connection has closed.
final class OneShotSignal<Value: Sendable>: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Value, Never>])
        case settled(Value)
    }

    private let state = Mutex(State.waiting([]))

    /// Settles the signal; later calls are ignored (the first value wins).
    func settle(_ value: Value) {
        let waiters: [CheckedContinuation<Value, Never>] = state.withLock { state in
            guard case .waiting(let waiters) = state else { return [] }
            state = .settled(value)
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: value) }
    }

    /// The settled value, waiting for it if need be.
    func wait() async -> Value {
        await withCheckedContinuation { continuation in
            let settled: Value? = state.withLock { state in
                switch state {
                case .waiting(let waiters):
                    state = .waiting(waiters + [continuation])
                    return nil
                case .settled(let value):
                    return value
                }
            }
            if let settled { continuation.resume(returning: settled) }
        }
    }
}
