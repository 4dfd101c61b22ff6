import Synchronization

/// Waits for work that cannot be cancelled, but no longer than a limit.
///
/// Why: closing the signaling WebSocket waits for the close handshake, and a camera that
/// vanished from the network (no FIN, no RST) never answers. A watch must still end promptly
/// on Ctrl-C and start its next session on time; the abandoned close finishes, or its socket
/// times out, in the background.
enum BoundedWait {
    /// Runs `work`; returns when it finished or after `limit`, whichever is first. Returns
    /// true if the work finished in time.
    @discardableResult
    static func run(within limit: Duration, _ work: @escaping @Sendable () async -> Void) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let resumed = Mutex(false)
            let resume: @Sendable (Bool) -> Void = { finished in
                guard !resumed.withLock({ done in defer { done = true }; return done }) else { return }
                continuation.resume(returning: finished)
            }
            // Two tasks per session end, not per packet; neither outlives `limit` by much.
            Task {
                await work()
                resume(true)
            }
            Task {
                try? await Task.sleep(for: limit)
                resume(false)
            }
        }
    }
}
