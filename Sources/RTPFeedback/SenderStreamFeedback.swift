import RTCP

/// The feedback chain around one outgoing stream (one encoder, one packetizer, N peers):
/// routes each peer's RTCP to the handler that owns the matter and says what the encoder
/// must do.
///
/// ```
/// packetizer → packetSent → RTPPacketHistory (shared)          → per peer: SRTP, ICE
/// peer RTCP  → handle(_:from:) ─ NACK      → peer's RTPNACKResponder → resend (RTX)
///                              ─ SR/RR     → peer's RTT + loss-based estimate ┐
///                              ─ TWCC/REMB → peer's PeerBitrateController ────┴→ StreamBitrateAggregator → encoder bitrate
///                              ─ PLI/FIR   → KeyframeRequestThrottle (shared) → encoder IDR
/// ```
///
/// Pure state, time injected: the owner (the stream's fan-out) calls `handle` for every RTCP
/// packet a peer sends, `poll` when `nextDeadline` passes, and applies each `Outcome`.
public struct SenderStreamFeedback: Sendable {
    /// What the encoder should do after an input.
    public struct Outcome: Equatable, Sendable {
        /// Ask the encoder for an IDR now.
        public var requestKeyframe = false
        /// The new encoder target bitrate, when it changes.
        public var encoderBitrate: Int?

        public init(requestKeyframe: Bool = false, encoderBitrate: Int? = nil) {
            self.requestKeyframe = requestKeyframe
            self.encoderBitrate = encoderBitrate
        }
    }

    public let mediaSSRC: UInt32
    public private(set) var history: RTPPacketHistory
    public private(set) var keyframes: KeyframeRequestThrottle
    public private(set) var bitrate: StreamBitrateAggregator
    /// RTCP packets with nothing for a sender in them (SDES, BYE, unknown types, feedback
    /// about other SSRCs), counted rather than silently dropped.
    public private(set) var ignoredPacketCount = 0

    public init(mediaSSRC: UInt32, history: RTPPacketHistory = RTPPacketHistory(),
                keyframes: KeyframeRequestThrottle = KeyframeRequestThrottle(), bitrate: StreamBitrateAggregator) {
        self.mediaSSRC = mediaSSRC
        self.history = history
        self.keyframes = keyframes
        self.bitrate = bitrate
    }

    /// Stores a packet as it leaves the packetizer (once, whatever the number of peers).
    public mutating func packetSent(_ packet: UnsafeRawBufferPointer, at now: Duration) throws(RTPPacketHistoryError) {
        try history.store(packet, sentAt: now)
    }

    /// A peer became connected (DTLS up): it needs a keyframe at once, and its estimate
    /// joins the encoder target.
    public mutating func peerJoined(_ peer: SenderPeerFeedback, at now: Duration) -> Outcome {
        let keyframe = keyframes.handle(.peerJoined(peer: peer.peer), at: now) == .requestKeyframe
        return Outcome(requestKeyframe: keyframe,
                       encoderBitrate: bitrate.update(peer: peer.peer, estimate: peer.bitrate.bitrate, at: now))
    }

    /// A peer left: it no longer limits the encoder target.
    public mutating func peerLeft(_ peer: Int, at now: Duration) -> Outcome {
        keyframes.peerLeft(peer)
        return Outcome(encoderBitrate: bitrate.removePeer(peer, at: now))
    }

    /// Handles one RTCP packet from `peer` received at `now`; retransmissions go out through
    /// `resend` (bytes valid during the call only).
    public mutating func handle(_ packet: RTCPPacket, from peer: inout SenderPeerFeedback, at now: Duration,
                                resend: (UnsafeRawBufferPointer) -> Void) -> Outcome {
        switch packet {
        case .senderReport(let report):
            return receivedReportBlocks(report.reports, from: &peer, at: now)
        case .receiverReport(let report):
            return receivedReportBlocks(report.reports, from: &peer, at: now)
        case .genericNACK(let nack):
            peer.nackResponder.respond(to: nack, from: history, at: now,
                                       roundTripTime: peer.senderReports.smoothedRoundTripTime, send: resend)
            return Outcome()
        case .pictureLossIndication(let pli) where pli.mediaSSRC == mediaSSRC:
            return Outcome(requestKeyframe: keyframes.handle(.pictureLossIndication(peer: peer.peer), at: now) == .requestKeyframe)
        case .fullIntraRequest(let fir):
            guard let decision = keyframes.handle(fir, peer: peer.peer, mediaSSRC: mediaSSRC, at: now) else { break }
            return Outcome(requestKeyframe: decision == .requestKeyframe)
        case .receiverEstimatedMaximumBitrate(let remb):
            peer.bitrate.receivedEstimatedMaximumBitrate(remb)
            return Outcome(encoderBitrate: bitrate.update(peer: peer.peer, estimate: peer.bitrate.bitrate, at: now))
        case .transportWideFeedback(let feedback):
            peer.bitrate.receivedTransportWideFeedback(feedback, at: now)
            return Outcome(encoderBitrate: bitrate.update(peer: peer.peer, estimate: peer.bitrate.bitrate, at: now))
        case .pictureLossIndication, .sourceDescription, .goodbye, .raw:
            break
        }
        ignoredPacketCount += 1
        return Outcome()
    }

    /// Deferred work that has fallen due: a coalesced keyframe request, a held-back increase.
    public mutating func poll(at now: Duration) -> Outcome {
        history.evictExpired(at: now)
        return Outcome(requestKeyframe: keyframes.poll(at: now), encoderBitrate: bitrate.reconsider(at: now))
    }

    /// When `poll` next has a deferred keyframe request to issue.
    public var nextDeadline: Duration? { keyframes.nextDeadline }

    private mutating func receivedReportBlocks(_ blocks: [RTCPReceptionReport], from peer: inout SenderPeerFeedback,
                                               at now: Duration) -> Outcome {
        guard blocks.contains(where: { $0.ssrc == mediaSSRC }) else {
            ignoredPacketCount += 1
            return Outcome()
        }
        for block in blocks {
            peer.senderReports.receivedReceptionReport(block, at: now)
            peer.bitrate.receivedReceptionReport(block, at: now)
        }
        return Outcome(encoderBitrate: bitrate.update(peer: peer.peer, estimate: peer.bitrate.bitrate, at: now))
    }
}
