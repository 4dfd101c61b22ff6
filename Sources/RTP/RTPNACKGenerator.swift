/// Decides which missing RTP packets of one stream to ask for again with a generic NACK
/// (RFC 4585 §6.2.1), and when: once as soon as the gap is seen, then again every round
/// trip while the retransmission has not arrived, up to a retry limit.
///
/// Pure state with injected time: the receive path reports arrivals, a timer asks what is
/// due. Gaps too large to recover (or too old) are given up and reported through
/// `needsKeyframe`, because asking for hundreds of packets costs more than a new keyframe.
/// The result is plain sequence numbers; the caller packs them with `RTCPGenericNACK`.
public struct RTPNACKGenerator: Sendable {
    public struct Configuration: Sendable {
        /// Requests per missing packet before giving up on it.
        public var maximumRequests: Int
        /// Interval between requests when no round-trip time is known yet.
        public var defaultRetryInterval: Duration
        /// A packet missing for longer than this is given up (it would arrive too late to play).
        public var maximumAge: Duration
        /// More missing packets than this at once: give up on all of them and ask for a keyframe.
        public var maximumMissing: Int

        public init(maximumRequests: Int = 10, defaultRetryInterval: Duration = .milliseconds(100),
                    maximumAge: Duration = .seconds(1), maximumMissing: Int = 500) {
            self.maximumRequests = maximumRequests
            self.defaultRetryInterval = defaultRetryInterval
            self.maximumAge = maximumAge
            self.maximumMissing = maximumMissing
        }
    }

    private struct Missing {
        var extendedSequenceNumber: Int64
        var detected: Duration
        var lastRequest: Duration?
        var requests: Int
    }

    public var configuration: Configuration
    private var unwrapper = RTPSequenceNumberUnwrapper()
    /// Missing packets in ascending sequence order.
    private var missing: [Missing] = []
    /// Set when packets were given up; cleared by `takeKeyframeRequest()`.
    public private(set) var needsKeyframe = false
    /// Packets given up on (retries exhausted, too old, or too many missing at once).
    public private(set) var abandonedCount = 0
    /// Missing packets that arrived later (retransmitted or reordered).
    public private(set) var recoveredCount = 0

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        missing.reserveCapacity(64)
    }

    /// Sequence numbers currently missing, oldest first.
    public var missingSequenceNumbers: [UInt16] {
        missing.map { UInt16(truncatingIfNeeded: $0.extendedSequenceNumber) }
    }

    /// Records the arrival of a packet (new, reordered or retransmitted).
    public mutating func received(sequenceNumber: UInt16, at now: Duration) {
        let previousHighest = unwrapper.highest
        let extended = unwrapper.unwrap(sequenceNumber)
        guard let highest = previousHighest else { return }
        if extended <= highest {
            if let index = missing.firstIndex(where: { $0.extendedSequenceNumber == extended }) {
                missing.remove(at: index)
                recoveredCount += 1
            }
            return
        }
        let gap = extended - highest - 1
        guard gap > 0 else { return }
        if gap + Int64(missing.count) > Int64(configuration.maximumMissing) {
            abandon(count: missing.count + Int(gap))
            missing.removeAll(keepingCapacity: true)
            return
        }
        for lost in (highest + 1)..<extended {
            missing.append(Missing(extendedSequenceNumber: lost, detected: now, lastRequest: nil, requests: 0))
        }
    }

    /// The sequence numbers to NACK now: never requested yet, or last requested at least one
    /// round trip ago. Marks them requested; drops those out of retries or too old.
    public mutating func sequenceNumbersToRequest(at now: Duration, roundTripTime: Duration? = nil) -> [UInt16] {
        let interval = roundTripTime ?? configuration.defaultRetryInterval
        var due: [UInt16] = []
        var kept = 0
        for var entry in missing {
            if entry.requests >= configuration.maximumRequests || now - entry.detected > configuration.maximumAge {
                abandon(count: 1)
                continue
            }
            if entry.lastRequest.map({ now - $0 >= interval }) ?? true {
                entry.lastRequest = now
                entry.requests += 1
                due.append(UInt16(truncatingIfNeeded: entry.extendedSequenceNumber))
            }
            missing[kept] = entry
            kept += 1
        }
        missing.removeLast(missing.count - kept)
        return due
    }

    /// When `sequenceNumbersToRequest` will next have something to send or give up.
    public func nextDeadline(roundTripTime: Duration? = nil) -> Duration? {
        let interval = roundTripTime ?? configuration.defaultRetryInterval
        return missing.map { entry in
            min(entry.lastRequest.map { $0 + interval } ?? entry.detected, entry.detected + configuration.maximumAge)
        }.min()
    }

    /// Returns true once after packets were given up, so the caller sends one PLI.
    public mutating func takeKeyframeRequest() -> Bool {
        defer { needsKeyframe = false }
        return needsKeyframe
    }

    private mutating func abandon(count: Int) {
        guard count > 0 else { return }
        abandonedCount += count
        needsKeyframe = true
    }
}
