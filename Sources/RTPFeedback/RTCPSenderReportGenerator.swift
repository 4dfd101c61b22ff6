import RTCP
import RTP

/// Produces the sender reports (RFC 3550 §6.4.1) of one outgoing stream towards one peer,
/// and measures that peer's round-trip time from the LSR/DLSR it echoes back.
///
/// An SR ties the stream's RTP clock to wall-clock time (the receiver's lip sync between
/// audio and video depends on it) and tells the receiver how much was sent. It is due once
/// right after the first packet, so a new viewer can synchronise at once, then every
/// `RTCPReportInterval` (about 1 s, randomised per RFC 3550 §6.2). No SR is sent before the
/// first packet: there is no RTP time to report.
///
/// The RTP timestamp in the report is extrapolated from the last packet sent to the
/// report's instant on the media clock, so both timestamps name the same moment even though
/// no frame was captured exactly then. Counts are per peer: they cover what went to this
/// peer, which is what its loss statistics compare against.
///
/// RTT: each SR's compact NTP time and the monotonic instant it was made are remembered (the
/// last few); a report block whose LSR matches gives RTT = now − sent − DLSR on the monotonic
/// clock, so a wall-clock step between SR and RR does not distort it.
/// See https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1
public struct RTCPSenderReportGenerator: Sendable {
    public let ssrc: UInt32
    /// The media clock rate (90000 for video, 48000 for Opus).
    public let clockRate: Int
    public var interval: RTCPReportInterval

    /// RTP data packets sent so far (RFC 3550: wraps at 2^32).
    public private(set) var packetCount: UInt32 = 0
    /// Payload octets sent so far (headers and padding excluded, RFC 3550 §6.4.1).
    public private(set) var octetCount: UInt32 = 0
    private var lastPacket: (rtpTimestamp: UInt32, sentAt: Duration)?
    /// When the next SR is due; `nil` before the first packet.
    public private(set) var nextDeadline: Duration?
    private var sentReports: [(compactNTP: UInt32, sentAt: Duration)]
    private var nextSentReportIndex = 0
    /// The latest round-trip time measured.
    public private(set) var roundTripTime: Duration?
    /// RTT smoothed over reports (RFC 6298 style, gain 1/8), for rate limits and timers.
    public private(set) var smoothedRoundTripTime: Duration?
    /// Report blocks whose LSR named no SR remembered here (too old, or garbled).
    public private(set) var unmatchedReportBlocks = 0

    public init(ssrc: UInt32, clockRate: Int, interval: RTCPReportInterval = RTCPReportInterval(), rememberedReports: Int = 8) {
        self.ssrc = ssrc
        self.clockRate = clockRate
        self.interval = interval
        self.sentReports = Array(repeating: (0, .zero), count: max(1, rememberedReports))
    }

    /// Records one RTP packet sent to this peer.
    public mutating func packetSent(rtpTimestamp: UInt32, payloadBytes: Int, at now: Duration) {
        packetCount &+= 1
        octetCount &+= UInt32(truncatingIfNeeded: payloadBytes)
        lastPacket = (rtpTimestamp, now)
        if nextDeadline == nil { nextDeadline = now }
    }

    /// The SR to send at `now` if one is due, else `nil`; schedules the next one.
    ///
    /// - Parameters:
    ///   - wallClock: the current time since the Unix epoch (the wall clock the receiver
    ///     relates to other streams of this sender); becomes the NTP timestamp.
    ///   - reports: reception report blocks to carry, if this endpoint also receives.
    public mutating func makeReportIfDue(at now: Duration, wallClock: Duration,
                                         reports: [RTCPReceptionReport] = []) -> RTCPSenderReport? {
        guard let deadline = nextDeadline, now >= deadline, let lastPacket else { return nil }
        nextDeadline = now + interval.next()
        let elapsedTicks = (now - lastPacket.sentAt).ticks(clockRate: clockRate)
        let report = RTCPSenderReport(
            ssrc: ssrc, ntpTimestamp: wallClock.ntpTimestamp,
            rtpTimestamp: lastPacket.rtpTimestamp &+ UInt32(truncatingIfNeeded: elapsedTicks),
            packetCount: packetCount, octetCount: octetCount, reports: reports)
        sentReports[nextSentReportIndex] = (report.compactNTP, now)
        nextSentReportIndex = (nextSentReportIndex + 1) % sentReports.count
        return report
    }

    /// Takes the round-trip time from a report block about this stream (from an RR or SR of
    /// the peer) and returns it; `nil` when the block is about another SSRC, carries no LSR
    /// (the peer has not seen an SR yet) or names an SR not remembered.
    @discardableResult
    public mutating func receivedReceptionReport(_ block: RTCPReceptionReport, at now: Duration) -> Duration? {
        guard block.ssrc == ssrc, block.lastSenderReport != 0 else { return nil }
        guard let sent = sentReports.first(where: { $0.compactNTP == block.lastSenderReport && $0.sentAt <= now }) else {
            unmatchedReportBlocks += 1
            return nil
        }
        let rtt = max(.zero, now - sent.sentAt - .compactNTPUnits(block.delaySinceLastSenderReport))
        roundTripTime = rtt
        smoothedRoundTripTime = smoothedRoundTripTime.map { $0 * 0.875 + rtt * 0.125 } ?? rtt
        return rtt
    }
}
