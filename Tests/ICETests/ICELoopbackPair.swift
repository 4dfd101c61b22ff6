import ICE
import Synchronization

/// Waits for `condition`, polling, for at most `limit`. Bounds a wait; never a speed figure.
func eventually(within limit: Duration, _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: limit)
    while clock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(2))
    }
    return condition()
}

/// Loopback-only agent settings: exactly the addresses given, no servers, short timers.
func loopbackConfiguration(_ role: ICEAgentConfiguration.Role, address: String = "127.0.0.1") -> ICEAgentConfiguration {
    ICEAgentConfiguration(
        role: role,
        localAddresses: .only([address]),
        timeouts: .init(stunInitialMilliseconds: 50, stunMaxRetransmissions: 3, idleMilliseconds: 200))
}

/// A value shared with callbacks on the loop thread (a `Mutex` cannot be captured directly).
final class LockedValue<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<Result>(_ body: (inout Value) -> Result) -> Result { mutex.withLock { body(&$0) } }
}

/// One agent under test with everything it reported.
final class ICETestPeer: Sendable {
    let agent: ICEAgent
    let events = Mutex<[ICEEvent]>([])
    let datagrams: LockedValue<[[UInt8]]>
    /// Run on the loop thread after each datagram is recorded.
    let afterDatagram: LockedValue<(@Sendable () -> Void)?>

    init(configuration: ICEAgentConfiguration) throws {
        let datagrams = LockedValue<[[UInt8]]>([])
        let afterDatagram = LockedValue<(@Sendable () -> Void)?>(nil)
        self.datagrams = datagrams
        self.afterDatagram = afterDatagram
        self.agent = try ICEAgent(configuration: configuration) { bytes in
            datagrams.withLock { $0.append(Array(bytes)) }
            afterDatagram.withLock { $0 }?()
        }
    }

    var localCandidates: [ICECandidate] {
        events.withLock { $0.compactMap { if case .localCandidate(let candidate) = $0 { candidate } else { nil } } }
    }

    var states: [ICEConnectionState] {
        events.withLock { $0.compactMap { if case .stateChanged(let state) = $0 { state } else { nil } } }
    }

    var selectedPairs: [ICECandidatePair] {
        events.withLock { $0.compactMap { if case .selectedPairChanged(let pair) = $0 { pair } else { nil } } }
    }

    func hasReceived(_ bytes: [UInt8]) -> Bool {
        datagrams.withLock { $0.contains(bytes) }
    }
}

/// Two agents in one process, like Pion's `newPair`: credentials exchanged directly and
/// candidates trickled both ways by a tiny in-memory signaling relay that can be paused
/// (to model an offer/answer round trip during an ICE restart).
final class ICELoopbackPair: Sendable {
    let controlling: ICETestPeer
    let controlled: ICETestPeer

    private enum Signal: Sendable {
        case candidate(String)
        case endOfCandidates
    }

    private struct Relay: Sendable {
        var paused = false
        var held: [(to: ICETestPeer, signal: Signal)] = []
        var errors: [String] = []
    }

    private let relay = Mutex(Relay())
    private let forwarders = Mutex<[Task<Void, Never>]>([])

    init(controlling: ICEAgentConfiguration = loopbackConfiguration(.controlling),
         controlled: ICEAgentConfiguration = loopbackConfiguration(.controlled)) throws {
        self.controlling = try ICETestPeer(configuration: controlling)
        self.controlled = try ICETestPeer(configuration: controlled)
    }

    /// Errors the relay met while applying signals (should stay empty).
    var signalingErrors: [String] { relay.withLock { $0.errors } }

    /// Sets each side's remote credentials from the other (optionally spoiling one password).
    func exchangeCredentials(controllingSeesPassword override: String? = nil) throws {
        var controlledCredentials = try controlled.agent.localCredentials()
        if let override { controlledCredentials.password = override }
        try controlling.agent.setRemoteCredentials(controlledCredentials)
        try controlled.agent.setRemoteCredentials(try controlling.agent.localCredentials())
    }

    /// Starts relaying events, then gathering on both agents.
    func start() throws {
        forwarders.withLock {
            $0 = [forward(from: controlling, to: controlled), forward(from: controlled, to: controlling)]
        }
        try controlling.agent.start()
        try controlled.agent.start()
    }

    func connectBothWays(within limit: Duration = .seconds(10)) async -> Bool {
        await eventually(within: limit) { controlling.agent.state.canSend && controlled.agent.state.canSend }
    }

    func pauseSignaling() {
        relay.withLock { $0.paused = true }
    }

    func resumeSignaling() {
        let held = relay.withLock { relay in
            relay.paused = false
            defer { relay.held = [] }
            return relay.held
        }
        for item in held { apply(item.signal, to: item.to) }
    }

    /// Closes both agents and waits for the relay tasks to see the end of both event streams.
    func close() async {
        controlling.agent.close()
        controlled.agent.close()
        for task in forwarders.withLock({ $0 }) { await task.value }
    }

    private func forward(from source: ICETestPeer, to target: ICETestPeer) -> Task<Void, Never> {
        Task { [self] in
            for await event in source.agent.events {
                source.events.withLock { $0.append(event) }
                switch event {
                case .localCandidate(let candidate): deliver(.candidate(candidate.sdp), to: target)
                case .gatheringComplete: deliver(.endOfCandidates, to: target)
                default: break
                }
            }
        }
    }

    private func deliver(_ signal: Signal, to target: ICETestPeer) {
        let held = relay.withLock { relay in
            if relay.paused { relay.held.append((target, signal)) }
            return relay.paused
        }
        if !held { apply(signal, to: target) }
    }

    private func apply(_ signal: Signal, to target: ICETestPeer) {
        do {
            switch signal {
            case .candidate(let sdp): try target.agent.addRemoteCandidate(sdp)
            case .endOfCandidates: try target.agent.addRemoteEndOfCandidates()
            }
        } catch ICEAgentLifecycleError.closed {
            // The test closed the agent while a signal was in flight.
        } catch {
            relay.withLock { $0.errors.append("\(signal): \(error)") }
        }
    }
}
