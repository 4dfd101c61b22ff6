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
    private var holeSeenAt: [(extended: Int64, time: Duration)?]
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
                holeSeenAt[Int(missing % ring + ring) % Int(ring)] = (missing, now)
            }
        } else if extended <= highest {
            let index = Int(extended % ring + ring) % Int(ring)
            guard let hole = holeSeenAt[index], hole.extended == extended else { return }
            holeSeenAt[index] = nil
            let lateness = now - hole.time
            delay.observeLateArrival(lateness)
            if isRetransmission {
                // Hole seen ≈ NACK sent (NACKs go out on the next poll): a round-trip sample.
                measuredRoundTripTime = measuredRoundTripTime.map { ($0 * 7 + lateness) / 8 } ?? lateness
            }
        }
    }

    /// The next packet in order if it may leave now.
    mutating func popReady(at now: Duration) -> RTPPacket? {
        reorder.popReady(at: now)
    }

    /// Re-evaluates the buffer delay; returns sequence numbers to NACK now (empty if none).
    mutating func maintain(at now: Duration, roundTripTime: Duration?) -> [UInt16] {
        delay.decay(at: now)
        let rtt = roundTripTime ?? measuredRoundTripTime
        reorder.maximumDelay = delay.target(jitter: jitter, roundTripTime: rtt, retransmissionEnabled: nack != nil)
        guard nack != nil else { return [] }
        let due = nack?.sequenceNumbersToRequest(at: now, roundTripTime: rtt) ?? []
        if !due.isEmpty {
            counters.sequenceNumbersNacked += Int64(due.count)
            counters.nackPacketsSent += 1
        }
        return due
    }

    /// True once after the NACK generator gave up on packets (a keyframe is needed).
    mutating func takeKeyframeRequest() -> Bool {
        nack?.takeKeyframeRequest() ?? false
    }

    func nextDeadline(roundTripTime: Duration?) -> Duration? {
        let rtt = roundTripTime ?? measuredRoundTripTime
        return [reorder.nextDeadline, nack?.nextDeadline(roundTripTime: rtt)].compactMap { $0 }.min()
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
