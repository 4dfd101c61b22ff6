import CNice
import Dispatch
import Synchronization

/// A GLib main context and main loop run on one dedicated thread, owned by one `ICEAgent`.
///
/// libnice schedules its timers, socket reads and signal emissions on the `GMainContext` it
/// was created with. Giving every agent its own context and thread (rather than the process's
/// default context) keeps agents independent, lets the wrapper stop everything it started,
/// and gives a simple threading contract: every libnice call the wrapper makes, except
/// `nice_agent_send`, runs on this thread through ``perform(_:)``.
///
/// - Important: work is accepted until ``stop(teardown:)``; after that ``perform(_:)`` throws
///   ``ICEAgentLifecycleError/closed`` instead of touching freed libnice objects.
final class ICEMainLoopThread: @unchecked Sendable {
    /// The context libnice's agent and sockets are attached to; released in `deinit`, after
    /// the thread has gone, so a late `perform` still has a valid context to acquire.
    let context: OpaquePointer
    private let loop: OpaquePointer

    /// A GThread pointer; only `start` and `stop` touch it, under the gate's lock.
    private struct ThreadHandle: @unchecked Sendable {
        let thread: UnsafeMutablePointer<GThread>
    }

    private struct Gate {
        var acceptingWork = true
        var thread: ThreadHandle?
    }
    private let gate = Mutex(Gate())
    private let started = DispatchSemaphore(value: 0)
    /// `ice-loop-` and six hex digits (the kernel keeps 15 characters): unique per agent for a
    /// long while, so a leaked thread can be attributed to the agent that made it.
    let threadName: String
    private static let threadCounter = Atomic<UInt32>(0)

    init() throws(ICEAgentSetupError) {
        guard let context = g_main_context_new() else { throw .glibContextUnavailable }
        guard let loop = g_main_loop_new(context, 0) else {
            g_main_context_unref(context)
            throw .glibContextUnavailable
        }
        self.context = context
        self.loop = loop
        let number = Self.threadCounter.wrappingAdd(1, ordering: .relaxed).newValue & 0xFF_FFFF
        let digits = String(number, radix: 16)
        threadName = "ice-loop-" + String(repeating: "0", count: 6 - digits.count) + digits
    }

    deinit {
        g_main_loop_unref(loop)
        g_main_context_unref(context)
    }

    /// Whether the caller is running on the loop thread (inside a libnice callback or a
    /// ``perform(_:)`` body).
    var isCurrentThread: Bool { g_main_context_is_owner(context) != 0 }

    /// Starts the thread that runs the loop and returns once that thread owns the context, so
    /// every later `perform` runs there. Calling it again is a no-op.
    func start() throws(ICEAgentLifecycleError) {
        try gate.withLock { (gate: inout Gate) throws(ICEAgentLifecycleError) in
            guard gate.acceptingWork else { throw .closed }
            guard gate.thread == nil else { return }
            let retained = Unmanaged.passRetained(self).toOpaque()
            let thread = g_thread_new(threadName, { data in
                guard let data else { return nil }
                let owner = Unmanaged<ICEMainLoopThread>.fromOpaque(data).takeRetainedValue()
                owner.runLoop()
                return nil
            }, retained)
            // g_thread_new aborts the process rather than return nil.
            gate.thread = thread.map(ThreadHandle.init)
            // Holding the gate keeps inline `perform`s out, so the thread can take the context.
            started.wait()
        }
    }

    private func runLoop() {
        // Nobody else can own the context now (see `start`); the loop is its owner from here.
        while g_main_context_acquire(context) == 0 { g_usleep(100) }
        g_main_context_push_thread_default(context)
        started.signal()
        g_main_loop_run(loop)
        // Work queued before `stop` closed the gate may still be pending: run it so no
        // caller of `perform` waits forever. Nothing new can be queued now.
        while g_main_context_iteration(context, 0) != 0 {}
        g_main_context_pop_thread_default(context)
        g_main_context_release(context)
    }

    /// Runs `body` on the loop thread and waits for it: inline when the caller already owns the
    /// context (a callback, or before the thread started), queued on the loop otherwise.
    func perform<T>(_ body: () throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { escapable in
            let job = ICELoopJob(escapable)
            try gate.withLock { (gate: inout Gate) throws(ICEAgentLifecycleError) in
                guard gate.acceptingWork else { throw .closed }
                job.submit(to: context)
            }
            job.waitUntilDone()
            return try job.result()
        }
    }

    /// Closes the gate, runs `teardown` on the loop thread and joins the thread. When the loop
    /// is running, `teardown` must lead to ``quit()`` once libnice has let go (possibly from a
    /// later callback); when it never ran, `teardown` runs inline and must not wait for it.
    ///
    /// Called from the loop thread itself (from a callback), the thread is detached instead of
    /// joined: it exits as soon as the callback returns.
    func stop(teardown: @escaping (_ loopRunning: Bool) -> Void) {
        let (wasOpen, thread) = gate.withLock { (gate: inout Gate) -> (Bool, ThreadHandle?) in
            let wasOpen = gate.acceptingWork
            gate.acceptingWork = false
            let thread = gate.thread
            if wasOpen {
                let loopRunning = gate.thread != nil
                let job = ICELoopJob { () -> Void in teardown(loopRunning) }
                job.submit(to: context)
            }
            gate.thread = nil
            return (wasOpen, thread)
        }
        guard wasOpen else { return }
        guard let thread else {
            // Never started: teardown ran inline; drain what it left on the context.
            while g_main_context_iteration(context, 0) != 0 {}
            return
        }
        if isCurrentThread {
            g_thread_unref(thread.thread)
        } else {
            g_thread_join(thread.thread)
        }
    }

    /// Ends the loop; the thread drains pending work and exits.
    func quit() {
        g_main_loop_quit(loop)
    }
}

/// Work handed to the loop thread through `g_main_context_invoke_full`. A non-generic base
/// class because the C trampoline cannot capture a generic parameter.
private class ICELoopWork: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)

    func run() {}

    /// Runs inline when the caller can own the context (it already does, or the loop is not
    /// running); otherwise queues on the loop thread. `g_main_context_invoke` alone would
    /// queue in the first case, since the context is nobody's thread default.
    func submit(to context: OpaquePointer) {
        if g_main_context_acquire(context) != 0 {
            g_main_context_push_thread_default(context)
            run()
            g_main_context_pop_thread_default(context)
            g_main_context_release(context)
            done.signal()
            return
        }
        let retained = Unmanaged.passRetained(self).toOpaque()
        g_main_context_invoke_full(context, CPeerCam_g_priority_default(), { data in
            guard let data else { return 0 }
            let work = Unmanaged<ICELoopWork>.fromOpaque(data).takeRetainedValue()
            work.run()
            work.done.signal()
            return 0  // G_SOURCE_REMOVE
        }, retained, nil)
    }

    func waitUntilDone() { done.wait() }
}

/// A closure and its outcome, written on the loop thread and read by the waiting caller
/// after the semaphore (which orders the two).
private final class ICELoopJob<T>: ICELoopWork, @unchecked Sendable {
    /// Dropped as soon as it has run, before the waiter wakes: `perform` hands in a
    /// non-escaping closure (via `withoutActuallyEscaping`) that must not outlive the call.
    private var body: (() throws -> T)?
    private var outcome: Result<T, any Error> = .failure(ICEAgentLifecycleError.closed)

    init(_ body: @escaping () throws -> T) {
        self.body = body
    }

    override func run() {
        guard let body else { return }
        self.body = nil
        outcome = Result { try body() }
    }

    func result() throws -> T { try outcome.get() }
}
