import RTCP
import RTP

/// One incoming RTP stream up to the point where its packets leave in sequence order:
/// SSRC lock, RTX unwrapping (RFC 4588 §4), RFC 3550 reception statistics, the NACK
/// generator (when retransmission is wanted) and the adaptive reorder/jitter buffer.
///
/// Video and audio receivers share it and differ only in what they do with released
/// packets. Time is injected; nothing here reads a clock or allocates per packet in the
/// steady state (fixed rings, reused buffers).
struct RTPReceiveQueue: Sendable {
    let parameters: ReceiverStreamParameters
    private(set) var mediaSSRC: UInt32?
    private(set) var statistics: RTCPReceptionStatistics?
    private var reorder: RTPReorderBuffer
    private(set) var nack: RTPNACKGenerator?
    private(set) var delay: ReceiverDelayEstimator
    /// When each recent hole was seen, indexed by extended sequence number modulo the ring:
    /// how late a hole-filling packet was, and (for a retransmission) the round trip.
    private var holeSeenAt: [(extended: Int64, time: Duration, nackedAt: Duration?, nackCount: Int)?]
    private var unwrapper = RTPSequenceNumberUnwrapper()
    /// Smoothed NACK → retransmission time, when measured.
    private(set) var measuredRoundTripTime: Duration?

    private(set) var counters = Counters()

    struct Counters: Sendable, Equatable {
        var packetsReceived: Int64 = 0
        var bytesReceived: Int64 = 0
        var duplicates: Int64 = 0
        var tooLate: Int64 = 0
        var retransmissionsReceived: Int64 = 0
        var sequenceNumbersNacked: Int64 = 0
        var nackPacketsSent: Int64 = 0
        /// Packets given up on by the buffer before this source (earlier connections).
        var lostBefore: Int64 = 0
    }

    init(parameters: ReceiverStreamParameters, minimumDelay: Duration, maximumDelay: Duration,
         nackConfiguration: RTPNACKGenerator.Configuration?) {
        self.parameters = parameters
        reorder = RTPReorderBuffer(capacity: 1024, maximumDelay: minimumDelay)
        delay = ReceiverDelayEstimator(minimum: minimumDelay, maximum: maximumDelay)
        nack = nackConfiguration.map(RTPNACKGenerator.init(configuration:))
        holeSeenAt = Array(repeating: nil, count: 1024)
    }

    /// Packets lost for good: skipped by the buffer after waiting (and any NACKs) failed.
    var packetsLost: Int64 { counters.lostBefore + Int64(reorder.skippedCount) }

    /// Current reorder wait.
    var currentDelay: Duration { reorder.maximumDelay }

    /// Interarrival jitter as a duration.
    var jitter: Duration {
        guard let statistics else { return .zero }
        return .nanoseconds(Int64(statistics.jitter) * 1_000_000_000 / Int64(max(1, parameters.clockRate)))
    }

    func accepts(_ header: RTPHeader) -> Bool {
        parameters.matches(header, lockedSSRC: mediaSSRC)
    }

    /// Takes one packet of this stream (media or RTX) into the buffer.
    mutating func insert(_ received: RTPPacket, wireSize: Int, at now: Duration) throws(ViewerPipelineInputError) {
        var packet = received
        let isRetransmission = received.header.payloadType != parameters.payloadType
        if isRetransmission {
            guard let mediaSSRC else { throw .rfc4588RetransmissionBeforeMedia(ssrc: received.header.ssrc) }
            do {
                packet = try RTPRetransmission.unwrap(received, originalSSRC: mediaSSRC, originalPayloadType: parameters.payloadType)
            } catch {
                throw .rfc4588RetransmissionMalformed(error)
            }
            counters.retransmissionsReceived += 1
        } else if mediaSSRC == nil {
            mediaSSRC = received.header.ssrc
            statistics = RTCPReceptionStatistics(ssrc: received.header.ssrc, clockRate: parameters.clockRate)
        }
        counters.packetsReceived += 1
        counters.bytesReceived += Int64(wireSize)
        // RTX has its own sequence space and timing: keep it out of the media statistics.
        if !isRetransmission {
            statistics?.received(sequenceNumber: packet.header.sequenceNumber, rtpTimestamp: packet.header.timestamp, at: now)
        }
        noteArrival(of: packet.header.sequenceNumber, isRetransmission: isRetransmission, at: now)
        nack?.received(sequenceNumber: packet.header.sequenceNumber, at: now)
        switch reorder.insert(packet, at: now) {
        case .buffered: break
        case .duplicate: counters.duplicates += 1
        case .tooLate: counters.tooLate += 1
        }
    }

    /// Records holes when the highest sequence number jumps, and how late a hole-filler is.
    private mutating func noteArrival(of sequenceNumber: UInt16, isRetransmission: Bool, at now: Duration) {
        let previousHighest = unwrapper.highest
        let extended = unwrapper.unwrap(sequenceNumber)
        guard let highest = previousHighest else { return }
        let ring = Int64(holeSeenAt.count)
        if extended > highest + 1 {
            for missing in max(highest + 1, extended - ring)..<extended {
                holeSeenAt[Int(missing % ring + ring) % Int(ring)] = (missing, now, nil, 0)
            }
        } else if extended <= highest {
            let index = Int(extended % ring + ring) % Int(ring)
            guard let hole = holeSeenAt[index], hole.extended == extended else { return }
            holeSeenAt[index] = nil
            let lateness = now - hole.time
            delay.observeLateArrival(lateness)
            // A NACKed packet that comes (as RTX, or resent as is) times the round trip.
            // Without RTX a merely reordered packet looks the same and gives a too-short
            // sample, so the estimate rises fast and falls slowly: underestimating the round
            // trip makes the buffer give up on retransmissions that are on their way.
            // With RTX, only holes NACKed once: after a retry nobody knows which request was
            // answered. Without RTX, retried holes count too (timed from the first NACK): the
            // overestimate keeps the too-short reordering samples from dragging it down.
            let usable = isRetransmission ? hole.nackCount == 1 : parameters.retransmission == nil
            if let nackedAt = hole.nackedAt, usable {
                let sample = now - nackedAt
                measuredRoundTripTime = measuredRoundTripTime.map {
                    sample > $0 ? ($0 + sample * 3) / 4 : ($0 * 15 + sample) / 16
                } ?? sample
            }
        }
    }

    /// The next packet in order if it may leave now.
    mutating func popReady(at now: Duration) -> RTPPacket? {
        reorder.popReady(at: now)
    }

    /// The next buffered packet regardless of holes (end of stream).
    mutating func popRemaining() -> RTPPacket? {
        guard !reorder.isEmpty else { return nil }
        // Far enough in the future that every hole has timed out, near enough not to overflow.
        return reorder.popReady(at: .seconds(Int64(Int32.max)))
    }

    /// Re-evaluates the buffer delay; returns sequence numbers to NACK now (empty if none).
    mutating func maintain(at now: Duration, roundTripTime: Duration?) -> [UInt16] {
        delay.decay(at: now)
        let rtt = roundTripTime ?? measuredRoundTripTime
        let plannedRTT = rtt ?? Self.assumedRoundTripTime
        // Reorder allowance, first NACK's round trip, then one retry's round trip.
        let budget = nack.map { _ in reorderAllowance + plannedRTT + Self.retryInterval(roundTripTime: plannedRTT) }
        reorder.maximumDelay = delay.target(jitter: jitter, retransmissionBudget: budget)
        guard nack != nil, oldestHoleIsPastReorderAllowance(at: now) else { return [] }
        let due = nack?.sequenceNumbersToRequest(at: now, roundTripTime: rtt.map(Self.retryInterval)) ?? []
        if !due.isEmpty {
            markRequested(due, at: now)
            counters.sequenceNumbersNacked += Int64(due.count)
            counters.nackPacketsSent += 1
        }
        return due
    }

    /// Remembers when each hole was NACKed and how often, to time the round trip.
    private mutating func markRequested(_ numbers: [UInt16], at now: Duration) {
        let ring = Int64(holeSeenAt.count)
        for number in numbers {
            let extended = unwrapper.peek(number)
            let index = Int(extended % ring + ring) % Int(ring)
            if var hole = holeSeenAt[index], hole.extended == extended {
                if hole.nackedAt == nil { hole.nackedAt = now }
                hole.nackCount += 1
                holeSeenAt[index] = hole
            }
        }
    }

    /// Packets merely reordered by the network fill their hole within a few milliseconds;
    /// asking for them at once would double their bytes. The first NACK waits until the
    /// oldest hole is `reorderAllowance` old (later holes then ride along with it).
    private func oldestHoleIsPastReorderAllowance(at now: Duration) -> Bool {
        guard let oldest = nack?.missingSequenceNumbers.first, let highest = unwrapper.highest else { return true }
        let extended = unwrapper.peek(oldest)
        guard extended <= highest else { return true }
        let ring = Int64(holeSeenAt.count)
        guard let hole = holeSeenAt[Int(extended % ring + ring) % Int(ring)], hole.extended == extended else { return true }
        return now - hole.time >= reorderAllowance
    }

    /// How long a hole may be a reordering: twice the jitter, at least 10 ms, at most
    /// 25 ms or half the buffer delay (the retransmission must still arrive in time).
    var reorderAllowance: Duration {
        min(max(jitter * 2, .milliseconds(10)), .milliseconds(25), reorder.maximumDelay / 2)
    }

    /// True once after the NACK generator gave up on packets (a keyframe is needed).
    mutating func takeKeyframeRequest() -> Bool {
        nack?.takeKeyframeRequest() ?? false
    }

    func nextDeadline(roundTripTime: Duration?) -> Duration? {
        let rtt = roundTripTime ?? measuredRoundTripTime
        return earliest(reorder.nextDeadline, nack?.nextDeadline(roundTripTime: rtt.map(Self.retryInterval)))
    }

    /// Until a retransmission has been timed, the buffer plans for this round trip, so the
    /// first losses of a session can already be repaired.
    static let assumedRoundTripTime = Duration.milliseconds(50)

    /// Asking again exactly one round trip later would duplicate a retransmission that
    /// is merely a little slow; wait half a round trip (at least 10 ms) more.
    static func retryInterval(roundTripTime: Duration) -> Duration {
        roundTripTime + max(roundTripTime / 2, .milliseconds(10))
    }

    mutating func makeReport(at now: Duration) -> RTCPReceptionReport? {
        statistics?.makeReport(at: now)
    }

    mutating func receivedSenderReport(_ report: RTCPSenderReport, at now: Duration) {
        guard report.ssrc == mediaSSRC else { return }
        statistics?.receivedSenderReport(report, at: now)
    }

    /// A new sender after a reconnect: new SSRC, sequence and timestamp spaces. Counters
    /// and the learned delay carry over.
    mutating func startNewSource() {
        counters.lostBefore = packetsLost
        reorder = RTPReorderBuffer(capacity: holeSeenAt.count, maximumDelay: reorder.maximumDelay)
        if let configuration = nack?.configuration { nack = RTPNACKGenerator(configuration: configuration) }
        mediaSSRC = nil
        statistics = nil
        unwrapper = RTPSequenceNumberUnwrapper()
        for index in holeSeenAt.indices { holeSeenAt[index] = nil }
    }
}
