import ICE
import Synchronization

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
