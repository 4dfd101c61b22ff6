import Foundation
import ICE
import Testing

/// Resource counts of this process, from /proc, to prove `close()` releases what it made.
struct ProcessResources: Equatable, CustomStringConvertible {
    var threads: Int
    var fileDescriptors: Int
    /// Threads named by the ICE loop (`peercam-ice`): exact, whatever else runs in the process.
    var iceLoopThreads: Int

    static func current() throws -> ProcessResources {
        let files = FileManager.default
        let tasks = try files.contentsOfDirectory(atPath: "/proc/self/task")
        let names = tasks.compactMap { try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8) }
        return ProcessResources(
            threads: tasks.count,
            fileDescriptors: try files.contentsOfDirectory(atPath: "/proc/self/fd").count,
            iceLoopThreads: names.filter { $0.hasPrefix("peercam-ice") }.count)
    }

    var description: String { "threads \(threads), fds \(fileDescriptors), ICE loop threads \(iceLoopThreads)" }
}

@Suite("ICEAgent life cycle", .serialized)
struct ICEAgentLifecycleTests {
    /// One full cycle: create, exchange credentials, gather, connect, one datagram, close.
    /// - Returns: the process's resources while both agents were connected.
    @discardableResult
    private func connectAndClose() async throws -> ProcessResources {
        let pair = try ICELoopbackPair()
        try pair.exchangeCredentials()
        try pair.start()
        #expect(await pair.connectBothWays())
        try pair.controlling.agent.send([0x42])
        #expect(await eventually(within: .seconds(5)) { pair.controlled.hasReceived([0x42]) })
        let whileConnected = try ProcessResources.current()
        await pair.close()
        #expect(pair.controlling.states.last == .closed)
        return whileConnected
    }

    @Test("100 create/gather/connect/close cycles leak no threads, loop threads or file descriptors")
    func cyclesLeakNothing() async throws {
        // One warm-up cycle: GLib and Swift concurrency start their process-wide threads once.
        let whileConnected = try await connectAndClose()
        let before = try ProcessResources.current()
        // The counters see what an agent holds: its loop thread and its sockets/eventfd.
        #expect(whileConnected.iceLoopThreads == 2, "\(whileConnected)")
        #expect(whileConnected.fileDescriptors >= before.fileDescriptors + 4, "connected: \(whileConnected); idle: \(before)")
        for _ in 0..<100 {
            try await connectAndClose()
        }
        // The loop thread exits after join; give the kernel a moment to reap its task entry.
        _ = await eventually(within: .seconds(2)) { (try? ProcessResources.current().iceLoopThreads) == 0 }
        let after = try ProcessResources.current()
        #expect(after.iceLoopThreads == 0, "\(after)")
        // Exact when this suite runs alone (`--filter ICETests`). Other suites in the same
        // process may open a few descriptors meanwhile; a leak in our cycle would add ≥ 100.
        #expect(after.fileDescriptors <= before.fileDescriptors + 8, "before: \(before); after: \(after)")
        #expect(after.threads <= before.threads + 8, "before: \(before); after: \(after)")
    }

    @Test("close() is idempotent and works before start, before gathering finished, and from deinit")
    func closeInEveryPhase() async throws {
        let before = try ProcessResources.current()
        for _ in 0..<20 {
            let unstarted = try ICEAgent(configuration: loopbackConfiguration(.controlling)) { _ in }
            unstarted.close()
            unstarted.close()

            let gathering = try ICEAgent(configuration: loopbackConfiguration(.controlled)) { _ in }
            try gathering.start()
            gathering.close()
            var ended = false
            for await event in gathering.events where event == .stateChanged(.closed) { ended = true }
            #expect(ended)

            let dropped = try ICEAgent(configuration: loopbackConfiguration(.controlled)) { _ in }
            try dropped.start()
            _ = dropped  // released here: deinit closes it
        }
        _ = await eventually(within: .seconds(2)) { (try? ProcessResources.current().iceLoopThreads) == 0 }
        let after = try ProcessResources.current()
        #expect(after.iceLoopThreads == 0, "\(after)")
        #expect(after.fileDescriptors <= before.fileDescriptors + 8, "before: \(before); after: \(after)")
    }

    @Test("close() called from the datagram callback (on the loop thread) neither deadlocks nor leaks the thread")
    func closeFromCallback() async throws {
        let pair = try ICELoopbackPair()
        try pair.exchangeCredentials()
        try pair.start()
        #expect(await pair.connectBothWays())
        let agent = pair.controlled.agent
        pair.controlled.afterDatagram.withLock { $0 = { agent.close() } }
        defer { pair.controlled.afterDatagram.withLock { $0 = nil } }
        try pair.controlling.agent.send([0x01])
        #expect(await eventually(within: .seconds(5)) { pair.controlled.agent.state == .closed })
        #expect(pair.controlled.hasReceived([0x01]))
        await pair.close()
        #expect(await eventually(within: .seconds(2)) { (try? ProcessResources.current().iceLoopThreads) == 0 })
    }
}
