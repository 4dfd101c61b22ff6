import ICE
import Synchronization

/// A value shared between the benchmark and the agents' loop-thread callbacks.
final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<Result>(_ body: (inout Value) -> Result) -> Result { mutex.withLock { body(&$0) } }
}

/// Two loopback-only agents wired to each other: candidates trickled both ways, the time
/// to connected, and a ping-pong driven entirely from the loop threads (no task per packet).
final class BenchmarkPair: Sendable {
    /// First byte of a datagram the controlled side echoes back.
    static let ping: UInt8 = 0x01
    /// First byte of a datagram the controlled side only counts.
    static let sink: UInt8 = 0x02

    private struct PingPong: Sendable {
        var remaining = 0
        var finished: CheckedContinuation<Void, Never>?

        /// A reply came back: whether to send the next ping.
        mutating func replyArrived() -> Bool {
            guard remaining > 0 else { return false }
            remaining -= 1
            guard remaining == 0 else { return true }
            finished?.resume()
            finished = nil
            return false
        }
    }

    private struct Connection: Sendable {
        var connectedSides = 0
        var waiter: CheckedContinuation<Void, Never>?
    }

    let controlling: ICEAgent
    let controlled: ICEAgent
    /// Datagrams the controlled side received without echoing.
    let sunk = Shared(0)
    private let pingPong = Shared(PingPong())
    private let connection = Shared(Connection())
    private let agents = Shared<[ICEAgent]>([])
    private let forwarders = Shared<[Task<Void, Never>]>([])

    init() throws {
        let pingPong = pingPong
        let agents = agents
        let sunk = sunk
        let payload = [Self.ping] + [UInt8](repeating: 0xA5, count: 1199)
        controlling = try ICEAgent(configuration: Self.configuration(.controlling)) { _ in
            if pingPong.withLock({ $0.replyArrived() }) {
                try? agents.withLock { $0.first }?.send(payload)
            }
        }
        controlled = try ICEAgent(configuration: Self.configuration(.controlled)) { datagram in
            if datagram.first == Self.ping {
                try? agents.withLock { $0.last }?.send(datagram)
            } else {
                sunk.withLock { $0 += 1 }
            }
        }
        agents.withLock { $0 = [controlling, controlled] }
    }

    private static func configuration(_ role: ICEAgentConfiguration.Role) -> ICEAgentConfiguration {
        ICEAgentConfiguration(role: role, localAddresses: .only(["127.0.0.1"]))
    }

    /// Exchanges credentials, then gathers, trickles and checks until both sides can send.
    /// - Returns: the time from credentials exchanged to both sides connected.
    func connect() async throws -> Duration {
        try controlling.setRemoteCredentials(try controlled.localCredentials())
        try controlled.setRemoteCredentials(try controlling.localCredentials())
        let clock = ContinuousClock()
        let start = clock.now
        forwarders.withLock {
            $0 = [forward(from: controlling, to: controlled), forward(from: controlled, to: controlling)]
        }
        try controlling.start()
        try controlled.start()
        await withCheckedContinuation { continuation in
            connection.withLock { connection in
                if connection.connectedSides == 2 { continuation.resume() } else { connection.waiter = continuation }
            }
        }
        return clock.now - start
    }

    /// Bounces `count` 1200-byte datagrams controlling → controlled → controlling, one at a time.
    /// - Returns: the total time.
    func pingPong(count: Int) async throws -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        await withCheckedContinuation { continuation in
            pingPong.withLock {
                $0.remaining = count
                $0.finished = continuation
            }
            try? controlling.send([Self.ping] + [UInt8](repeating: 0xA5, count: 1199))
        }
        return clock.now - start
    }

    func close() async {
        controlling.close()
        controlled.close()
        for task in forwarders.withLock({ $0 }) { await task.value }
        agents.withLock { $0 = [] }
    }

    private func forward(from source: ICEAgent, to target: ICEAgent) -> Task<Void, Never> {
        let connection = connection
        return Task {
            var connected = false
            for await event in source.events {
                switch event {
                case .localCandidate(let candidate): try? target.addRemoteCandidate(candidate.sdp)
                case .gatheringComplete: try? target.addRemoteEndOfCandidates()
                case .stateChanged(let state) where state.canSend && !connected:
                    connected = true
                    connection.withLock { connection in
                        connection.connectedSides += 1
                        if connection.connectedSides == 2 {
                            connection.waiter?.resume()
                            connection.waiter = nil
                        }
                    }
                default: break
                }
            }
        }
    }
}
