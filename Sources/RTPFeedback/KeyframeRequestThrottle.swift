import RTCP

/// Turns the keyframe requests of every peer of one video stream (PLI, RFC 4585 §6.3.1; FIR,
/// RFC 5104 §4.3.1) and peers joining into keyframe requests to the ONE encoder behind them.
///
/// An IDR costs several times an ordinary frame, and N viewers losing the same packet send N
/// PLIs, so requests are rate-limited: the first one goes up at once, requests within
/// `minimumInterval` of it are coalesced into a single deferred request that falls due when
/// the interval has passed (`poll`/`nextDeadline`), never dropped. A keyframe the encoder
/// makes on its own (`keyframeSent`) satisfies the deferred request if it came after it.
///
/// A FIR carries a sequence number per requester that stays the same when the FIR is only
/// repeated (RFC 5104 §4.3.1.1), so a repeated number is recognised and not turned into a
/// new IDR. A peer that joins gets a keyframe at once, bypassing the rate limit: a new viewer
/// cannot show anything until its first IDR.
public struct KeyframeRequestThrottle: Sendable {
    /// What asks for a keyframe. `peer` is any identifier the caller gives each peer
    /// connection; FIR sequence numbers are tracked per peer.
    public enum Trigger: Equatable, Sendable {
        case pictureLossIndication(peer: Int)
        case fullIntraRequest(peer: Int, sequenceNumber: UInt8)
        case peerJoined(peer: Int)
    }

    /// What the caller does with a trigger.
    public enum Decision: Equatable, Sendable {
        /// Ask the encoder for an IDR now.
        case requestKeyframe
        /// Folded into one request due at the given instant (see `poll`).
        case deferred(until: Duration)
        /// A FIR repeated with a sequence number already served: nothing to do.
        case repeatedFullIntraRequest
    }

    public var minimumInterval: Duration
    private var lastRequest: Duration?
    private var pendingSince: Duration?
    private var fullIntraRequestSequence: [Int: UInt8] = [:]
    /// Keyframe requests passed to the encoder.
    public private(set) var requestCount = 0
    /// Triggers folded into a deferred or already-pending request.
    public private(set) var coalescedCount = 0
    /// Repeated FIRs ignored.
    public private(set) var repeatedFullIntraRequestCount = 0

    public init(minimumInterval: Duration = .milliseconds(500)) {
        self.minimumInterval = minimumInterval
    }

    /// Handles one trigger received at `now`.
    public mutating func handle(_ trigger: Trigger, at now: Duration) -> Decision {
        switch trigger {
        case .peerJoined(let peer):
            fullIntraRequestSequence[peer] = nil
            return request(at: now)
        case .fullIntraRequest(let peer, let sequenceNumber):
            if fullIntraRequestSequence[peer] == sequenceNumber {
                repeatedFullIntraRequestCount += 1
                return .repeatedFullIntraRequest
            }
            fullIntraRequestSequence[peer] = sequenceNumber
            return throttled(at: now)
        case .pictureLossIndication:
            return throttled(at: now)
        }
    }

    /// Handles the FIR entries of `request` that name `mediaSSRC` (other entries are for other
    /// senders); returns the strongest decision among them, `nil` if none named this stream.
    public mutating func handle(_ request: RTCPFullIntraRequest, peer: Int, mediaSSRC: UInt32, at now: Duration) -> Decision? {
        var decision: Decision?
        for entry in request.entries where entry.ssrc == mediaSSRC {
            let next = handle(.fullIntraRequest(peer: peer, sequenceNumber: entry.sequenceNumber), at: now)
            if decision == nil || next == .requestKeyframe || decision == .repeatedFullIntraRequest { decision = next }
        }
        return decision
    }

    /// True once when a deferred request has fallen due; the caller then asks the encoder.
    public mutating func poll(at now: Duration) -> Bool {
        guard let deadline = nextDeadline, now >= deadline else { return false }
        _ = request(at: now)
        return true
    }

    /// When a deferred request falls due, if one is pending.
    public var nextDeadline: Duration? {
        guard pendingSince != nil else { return nil }
        return (lastRequest ?? .zero) + minimumInterval
    }

    /// The encoder produced a keyframe (asked for or periodic) at `now`: a request pending
    /// since before it is satisfied, and the rate-limit interval starts again.
    public mutating func keyframeSent(at now: Duration) {
        if let pendingSince, pendingSince <= now { self.pendingSince = nil }
        lastRequest = max(lastRequest ?? now, now)
    }

    /// The peer left: forget its FIR sequence number.
    public mutating func peerLeft(_ peer: Int) {
        fullIntraRequestSequence[peer] = nil
    }

    private mutating func throttled(at now: Duration) -> Decision {
        if let lastRequest, now - lastRequest < minimumInterval {
            coalescedCount += 1
            if pendingSince == nil { pendingSince = now }
            return .deferred(until: lastRequest + minimumInterval)
        }
        return request(at: now)
    }

    private mutating func request(at now: Duration) -> Decision {
        lastRequest = now
        pendingSince = nil
        requestCount += 1
        return .requestKeyframe
    }
}
