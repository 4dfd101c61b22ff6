import Synchronization

/// Tells waiters which port a server bound (port 0 in tests picks a free one), or
/// that it stopped without binding.
final class ListeningPortSignal: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Int?, Never>])
        case settled(Int?)
    }

    private let state = Mutex(State.waiting([]))

    func settle(_ port: Int?) {
        let waiters: [CheckedContinuation<Int?, Never>] = state.withLock { state in
            guard case .waiting(let waiters) = state else { return [] }
            state = .settled(port)
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    func wait() async -> Int? {
        await withCheckedContinuation { continuation in
            let settled: Int?? = state.withLock { state in
                switch state {
                case .waiting(let waiters):
                    state = .waiting(waiters + [continuation])
                    return .none
                case .settled(let port):
                    return .some(port)
                }
            }
            if case .some(let port) = settled { continuation.resume(returning: port) }
        }
    }
}
