import PeerCamCore
import Synchronization

/// Makes the ids of messages this side sends: a prefix and a counter (`s-1`, `s-2`,
/// …), unique per process as `docs/protocol.md` §4.4 recommends.
final class SignalingMessageIDCounter: Sendable {
    private let prefix: String
    private let counter = Mutex<UInt64>(0)

    init(prefix: String) { self.prefix = prefix }

    func next() -> SignalingMessageID {
        SignalingMessageID(prefix: prefix, counter: counter.withLock { value in
            value += 1
            return value
        })
    }
}
