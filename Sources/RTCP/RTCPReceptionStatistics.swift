import RTP

/// Counts what arrives from one RTP source and turns it into the report block of the next
/// RR/SR: cumulative and fractional loss (RFC 3550 Appendix A.3), interarrival jitter
/// (A.8) and LSR/DLSR so the sender can compute the round trip (§6.4.1).
///
/// Time is injected as a monotonic `Duration`; no clock is read here.
/// See https://www.rfc-editor.org/rfc/rfc3550#appendix-A.3
public struct RTCPReceptionStatistics: Sendable {
    public let ssrc: UInt32
    /// The media clock rate (90000 for video, 48000 for Opus), to express jitter in its units.
    public let clockRate: Int

    private var unwrapper = RTPSequenceNumberUnwrapper()
    private var baseSequenceNumber: Int64?
    /// Packets received, duplicates and retransmissions included (RFC 3550 A.3).
    public private(set) var receivedCount: Int64 = 0
    private var expectedPrior: Int64 = 0
    private var receivedPrior: Int64 = 0
    /// Interarrival jitter in timestamp units, scaled by 16 as in A.8 to keep precision.
    private var jitterScaled: Int64 = 0
    private var lastTransit: Int64?
    private var lastSenderReport: (compactNTP: UInt32, arrival: Duration)?

    public init(ssrc: UInt32, clockRate: Int) {
        self.ssrc = ssrc
        self.clockRate = clockRate
    }

    /// Records one RTP packet of this source.
    public mutating func received(sequenceNumber: UInt16, rtpTimestamp: UInt32, at arrival: Duration) {
        let extended = unwrapper.unwrap(sequenceNumber)
        baseSequenceNumber = min(baseSequenceNumber ?? extended, extended)
        receivedCount += 1
        // A.8: transit time difference in timestamp units; the arrival clock's origin cancels out.
        let arrivalUnits = Self.units(arrival, clockRate: clockRate)
        let transit = arrivalUnits - Int64(rtpTimestamp)
        if let lastTransit {
            var difference = transit - lastTransit
            // The RTP timestamp wraps at 2^32; take the shortest distance.
            difference = (difference + (1 << 31)) & 0xFFFF_FFFF - (1 << 31)
            jitterScaled += abs(difference) - (jitterScaled + 8) / 16
        }
        lastTransit = transit
    }

    /// Records an SR from this source, for the LSR/DLSR fields of the next report.
    public mutating func receivedSenderReport(_ report: RTCPSenderReport, at arrival: Duration) {
        lastSenderReport = (report.compactNTP, arrival)
    }

    /// Interarrival jitter in timestamp units.
    public var jitter: UInt32 { UInt32(clamping: jitterScaled / 16) }

    /// The report block for an RR/SR sent at `now`; starts a new interval for `fractionLost`.
    /// `nil` before the first packet.
    public mutating func makeReport(at now: Duration) -> RTCPReceptionReport? {
        guard let base = baseSequenceNumber, let highest = unwrapper.highest else { return nil }
        let expected = highest - base + 1
        let lost = expected - receivedCount
        let expectedInterval = expected - expectedPrior
        let lostInterval = expectedInterval - (receivedCount - receivedPrior)
        expectedPrior = expected
        receivedPrior = receivedCount
        let fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : UInt8(clamping: (lostInterval << 8) / expectedInterval)
        var delay: UInt32 = 0
        if let lastSenderReport {
            delay = UInt32(clamping: Self.units(now - lastSenderReport.arrival, clockRate: 65536))
        }
        return RTCPReceptionReport(
            ssrc: ssrc, fractionLost: fraction,
            cumulativeLost: Int32(clamping: min(max(lost, -0x80_0000), 0x7F_FFFF)),
            extendedHighestSequenceNumber: UInt32(truncatingIfNeeded: highest), jitter: jitter,
            lastSenderReport: lastSenderReport?.compactNTP ?? 0, delaySinceLastSenderReport: delay)
    }

    /// `duration` counted in ticks of a `clockRate` Hz clock.
    static func units(_ duration: Duration, clockRate: Int) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * Int64(clockRate) + attoseconds / (1_000_000_000_000_000_000 / Int64(clockRate))
    }
}

extension RTCPReceptionReport {
    /// Round-trip time from this block (RFC 3550 §6.4.1): arrival − LSR − DLSR, where
    /// `arrivalCompactNTP` is the middle 32 bits of the NTP time the report arrived at, on
    /// the clock that stamped the SR. `nil` when the reporter has not seen an SR yet.
    public func roundTripTime(arrivalCompactNTP: UInt32) -> Duration? {
        guard lastSenderReport != 0 else { return nil }
        let units = arrivalCompactNTP &- lastSenderReport &- delaySinceLastSenderReport
        guard units < 1 << 31 else { return nil }  // negative: clocks disagree
        return .microseconds(Int64(units) * 1_000_000 / 65536)
    }
}
