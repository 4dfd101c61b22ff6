import Foundation
@testable import ICE
import Testing

/// Resource counts of this process, from /proc, to prove `close()` releases what it made.
struct ProcessResources: CustomStringConvertible {
    var threadNames: [String]
    /// Targets of /proc/self/fd links: `socket:[inode]`, `anon_inode:[eventfd]`, paths.
    var descriptorTargets: [String]

    var threads: Int { threadNames.count }
    var fileDescriptors: Int { descriptorTargets.count }

    static func current() throws -> ProcessResources {
        let files = FileManager.default
        let tasks = try files.contentsOfDirectory(atPath: "/proc/self/task")
        let descriptors = try files.contentsOfDirectory(atPath: "/proc/self/fd")
        return ProcessResources(
            threadNames: tasks.compactMap {
                (try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8))?
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            },
            descriptorTargets: descriptors.compactMap { try? files.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)") })
    }

    /// `socket:[inode]` of a descriptor: unique while the socket lives, never reused soon after.
    static func socketIdentity(of descriptor: Int32) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(descriptor)")
    }

    var description: String { "threads \(threads), fds \(fileDescriptors)" }
}

/// What one agent held while it ran: its loop thread's name and its sockets.
struct AgentFootprint {
    var threadName: String
    var sockets: Set<String>

    init(_ agent: ICEAgent) throws {
        threadName = agent.loopThreadName
        sockets = Set(try agent.socketDescriptors().compactMap(ProcessResources.socketIdentity))
    }

    /// Whether anything of it is still in the process.
    func remains(in resources: ProcessResources) -> Bool {
        resources.threadNames.contains(threadName) || !sockets.isDisjoint(with: resources.descriptorTargets)
    }
}

extension ICESerializedTests {
    @Suite("ICEAgent life cycle")
    struct ICEAgentLifecycleTests {
        /// One full cycle: create, exchange credentials, gather, connect, one datagram, close.
        private func connectAndClose() async throws -> (footprints: [AgentFootprint], whileConnected: ProcessResources) {
            let pair = try ICELoopbackPair()
            try pair.exchangeCredentials()
            try pair.start()
            #expect(await pair.connectBothWays())
            try pair.controlling.agent.send([0x42])
            #expect(await eventually(within: .seconds(5)) { pair.controlled.hasReceived([0x42]) })
            let footprints = [try AgentFootprint(pair.controlling.agent), try AgentFootprint(pair.controlled.agent)]
            let whileConnected = try ProcessResources.current()
            await pair.close()
            #expect(pair.controlling.states.last == .closed)
            return (footprints, whileConnected)
        }

        @Test("100 create/gather/connect/close cycles leak no threads, sockets or other file descriptors")
        func cyclesLeakNothing() async throws {
            // One warm-up cycle: GLib and Swift concurrency start their process-wide threads once.
            let warmUp = try await connectAndClose()
            let before = try ProcessResources.current()
            // The probes see what an agent holds while it runs: its thread and its socket.
            for footprint in warmUp.footprints {
                #expect(warmUp.whileConnected.threadNames.contains(footprint.threadName))
                #expect(!footprint.sockets.isEmpty)
                #expect(footprint.sockets.isSubset(of: warmUp.whileConnected.descriptorTargets))
            }
            var footprints = warmUp.footprints
            for _ in 0..<100 {
                footprints += try await connectAndClose().footprints
            }
            // A joined thread can linger in /proc for a moment while the kernel reaps it.
            _ = await eventually(within: .seconds(2)) {
                guard let now = try? ProcessResources.current() else { return false }
                return !footprints.contains { $0.remains(in: now) }
            }
            let after = try ProcessResources.current()
            let leaked = footprints.filter { $0.remains(in: after) }
            #expect(leaked.isEmpty, "still present: \(leaked.map(\.threadName))")
            // Whole-process totals (GLib's eventfds, anything else): a leak of one per agent
            // would add 202; a little slack for whatever else this process does meanwhile.
            #expect(after.fileDescriptors <= before.fileDescriptors + 4, "before: \(before); after: \(after)")
            #expect(after.threads <= before.threads + 4, "before: \(before); after: \(after)")
        }

        @Test("close() is idempotent and works before start, before gathering finished, and from deinit")
        func closeInEveryPhase() async throws {
            let before = try ProcessResources.current()
            var footprints: [AgentFootprint] = []
            for _ in 0..<20 {
                let unstarted = try ICEAgent(configuration: loopbackConfiguration(.controlling)) { _ in }
                unstarted.close()
                unstarted.close()

                let gathering = try ICEAgent(configuration: loopbackConfiguration(.controlled)) { _ in }
                try gathering.start()
                footprints.append(try AgentFootprint(gathering))
                gathering.close()
                var ended = false
                for await event in gathering.events where event == .stateChanged(.closed) { ended = true }
                #expect(ended)

                let dropped = try ICEAgent(configuration: loopbackConfiguration(.controlled)) { _ in }
                try dropped.start()
                footprints.append(try AgentFootprint(dropped))
                _ = dropped  // released here: deinit closes it
            }
            _ = await eventually(within: .seconds(2)) {
                guard let now = try? ProcessResources.current() else { return false }
                return !footprints.contains { $0.remains(in: now) }
            }
            let after = try ProcessResources.current()
            #expect(!footprints.contains { $0.remains(in: after) })
            #expect(after.fileDescriptors <= before.fileDescriptors + 4, "before: \(before); after: \(after)")
        }

        @Test("close() called from the datagram callback (on the loop thread) neither deadlocks nor leaks the thread")
        func closeFromCallback() async throws {
            let pair = try ICELoopbackPair()
            try pair.exchangeCredentials()
            try pair.start()
            #expect(await pair.connectBothWays())
            let agent = pair.controlled.agent
            let footprint = try AgentFootprint(agent)
            pair.controlled.afterDatagram.withLock { $0 = { agent.close() } }
            defer { pair.controlled.afterDatagram.withLock { $0 = nil } }
            try pair.controlling.agent.send([0x01])
            #expect(await eventually(within: .seconds(5)) { pair.controlled.agent.state == .closed })
            #expect(pair.controlled.hasReceived([0x01]))
            await pair.close()
            #expect(await eventually(within: .seconds(2)) {
                (try? ProcessResources.current()).map { !footprint.remains(in: $0) } ?? false
            })
        }
    }
}
