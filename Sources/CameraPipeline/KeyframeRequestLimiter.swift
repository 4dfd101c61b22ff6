import Media

/// Decides when a stream's shared encoder must produce an IDR: at once for a joining
/// viewer, and at most once per `minimumInterval` of capture time for PLI/FIR, however
/// many viewers ask (RFC 4585 §6.3.1 PLI, RFC 5104 §4.3.1 FIR).
///
/// A storm of requests from viewers behind lossy links would otherwise make every frame
/// an IDR, several times the size of a P-frame, starving the rate control and making the
/// loss worse. Requests inside the interval are not dropped: they are merged into one IDR
/// when the interval ends. Any IDR the encoder makes (including its first) satisfies
/// pending requests. Time is the frames' capture time, so tests need no clock.
public struct KeyframeRequestLimiter: Sendable, Equatable {
    public let minimumInterval: MediaDuration
    private var lastKeyframe: MediaTime?
    private var requested = false
    private var joinRequested = false
    /// Requests merged into an IDR already pending or held back by the interval.
    public private(set) var coalescedCount: UInt64 = 0

    public init(minimumInterval: MediaDuration) {
        self.minimumInterval = minimumInterval
    }

    /// A viewer asked for a keyframe (PLI or FIR).
    public mutating func requestKeyframe() {
        if requested || joinRequested { coalescedCount += 1 }
        requested = true
    }

    /// A viewer joined and may not start on a P-frame: the next frame is an IDR.
    public mutating func requestKeyframeForJoin() {
        joinRequested = true
    }

    /// Whether the frame captured at `captureTime` must be forced to be an IDR; when true,
    /// the request is considered served.
    public mutating func shouldForceKeyframe(at captureTime: MediaTime) -> Bool {
        guard joinRequested || (requested && isIntervalOver(at: captureTime)) else { return false }
        joinRequested = false
        requested = false
        return true
    }

    /// The encoder produced an IDR for the frame captured at `captureTime`.
    public mutating func keyframeEncoded(at captureTime: MediaTime) {
        lastKeyframe = captureTime
        requested = false
        joinRequested = false
    }

    private func isIntervalOver(at time: MediaTime) -> Bool {
        guard let lastKeyframe else { return true }
        return time.since(lastKeyframe) >= minimumInterval
    }
}
