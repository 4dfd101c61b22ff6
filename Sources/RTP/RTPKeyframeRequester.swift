/// Decides, on the receiving side of a video stream, which access units may go to the
/// decoder and when to ask the sender for a keyframe with a PLI (RFC 4585 §6.3.1).
///
/// A decoder can only start at a keyframe, and after a discarded (damaged) access unit every
/// following picture references something it never saw. So the stream starts "waiting for a
/// keyframe" (a viewer joining mid-stream), goes back to waiting whenever an access unit is
/// discarded or the caller reports the decoder failed, and holds back everything but a
/// keyframe meanwhile. While waiting it asks for a keyframe at once and then at most once per
/// `minimumInterval`, since a PLI storm makes the sender spend its bitrate on IDRs.
/// Time is injected.
public struct RTPKeyframeRequester: Sendable {
    /// Shortest time between two PLIs.
    public var minimumInterval: Duration
    /// True until a keyframe arrives, and again after any loss the decoder cannot absorb.
    public private(set) var isWaitingForKeyframe = true
    private var lastRequest: Duration?
    /// PLIs asked for so far.
    public private(set) var requestCount = 0
    /// Access units held back while waiting for a keyframe.
    public private(set) var heldBackCount = 0

    public init(minimumInterval: Duration = .milliseconds(500)) {
        self.minimumInterval = minimumInterval
    }

    /// Classifies one depacketizer output: returns the access unit if the decoder can use it,
    /// `nil` if it must not see it (discarded, or not a keyframe while waiting for one).
    public mutating func admit(_ output: H264RTPDepacketizerOutput) -> H264AccessUnit? {
        switch output {
        case .discarded:
            isWaitingForKeyframe = true
            return nil
        case .accessUnit(let unit):
            if unit.isKeyframe {
                isWaitingForKeyframe = false
                return unit
            }
            guard !isWaitingForKeyframe else {
                heldBackCount += 1
                return nil
            }
            return unit
        }
    }

    /// The decoder rejected a picture, or the NACK generator gave up on packets: the stream
    /// cannot continue without a keyframe.
    public mutating func decoderCannotContinue() {
        isWaitingForKeyframe = true
    }

    /// True when a PLI should be sent now; records it as sent.
    public mutating func shouldSendPictureLossIndication(at now: Duration) -> Bool {
        guard isWaitingForKeyframe, lastRequest.map({ now - $0 >= minimumInterval }) ?? true else { return false }
        lastRequest = now
        requestCount += 1
        return true
    }

    /// When the next PLI may be due, if the stream is waiting for a keyframe.
    public var nextDeadline: Duration? {
        guard isWaitingForKeyframe else { return nil }
        return lastRequest.map { $0 + minimumInterval } ?? .zero
    }
}
