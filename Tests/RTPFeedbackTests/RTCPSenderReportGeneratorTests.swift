import RTCP
import RTP
import Testing
@testable import RTPFeedback

@Suite("Sender reports (RFC 3550 §6.4.1) and RTT from LSR/DLSR, mock clocks")
struct RTCPSenderReportGeneratorTests {
    /// 2026-11-22 00:00:00 UTC as seconds since the Unix epoch.
    static let wallClockOrigin = Duration.seconds(1_795_305_600)

    @Test("No SR before the first packet; the first right after it; then one per interval")
    func schedule() {
        var generator = RTCPSenderReportGenerator(ssrc: 1, clockRate: 90000,
                                                  interval: RTCPReportInterval(isRandomized: false))
        #expect(generator.makeReportIfDue(at: .seconds(5), wallClock: Self.wallClockOrigin) == nil)
        #expect(generator.nextDeadline == nil)
        generator.packetSent(rtpTimestamp: 0, payloadBytes: 1000, at: .seconds(5))
        #expect(generator.makeReportIfDue(at: .seconds(5), wallClock: Self.wallClockOrigin) != nil)
        #expect(generator.nextDeadline == .seconds(6))
        #expect(generator.makeReportIfDue(at: .milliseconds(5_999), wallClock: Self.wallClockOrigin) == nil)
        #expect(generator.makeReportIfDue(at: .seconds(6), wallClock: Self.wallClockOrigin) != nil)
        #expect(generator.nextDeadline == .seconds(7))
    }

    @Test("RFC 3550 §6.2: randomised intervals lie in [0.5, 1.5] × nominal and average to it",
          arguments: [UInt64(1), 42, 0xFEED_FACE])
    func randomisedInterval(seed: UInt64) {
        var interval = RTCPReportInterval(nominal: .seconds(1), seed: seed)
        let samples = (0..<2000).map { _ in interval.next() }
        #expect(samples.allSatisfy { $0 >= .milliseconds(500) && $0 < .milliseconds(1_500) })
        let mean = samples.reduce(Duration.zero, +) / samples.count
        #expect(mean > .milliseconds(970) && mean < .milliseconds(1_030))
        #expect(Set(samples).count > 1900)  // really varied, not a constant
        #expect(samples.contains { $0 < .milliseconds(600) } && samples.contains { $0 > .milliseconds(1_400) })
    }

    /// (RTP timestamp of the last packet, time since it was sent, clock rate, expected SR RTP timestamp)
    @Test("The RTP timestamp is extrapolated from the last packet to the report's instant",
          arguments: [(UInt32(90_000), Duration.milliseconds(0), 90000, UInt32(90_000)),
                      (90_000, .milliseconds(500), 90000, 135_000),
                      (UInt32.max - 899, .milliseconds(20), 90000, 900),     // wraps
                      (48_000, .milliseconds(250), 48000, 60_000)])
    func rtpTimestampExtrapolation(lastTimestamp: UInt32, elapsed: Duration, clockRate: Int, expected: UInt32) throws {
        var generator = RTCPSenderReportGenerator(ssrc: 7, clockRate: clockRate)
        generator.packetSent(rtpTimestamp: lastTimestamp, payloadBytes: 10, at: .seconds(1))
        let reportResult = generator.makeReportIfDue(at: .seconds(1) + elapsed, wallClock: Self.wallClockOrigin)
        let report = try #require(reportResult)
        #expect(report.rtpTimestamp == expected)
    }

    @Test("SR fields: SSRC, NTP from the wall clock, packet and payload-octet counts; survives a marshal round trip")
    func fields() throws {
        var generator = RTCPSenderReportGenerator(ssrc: 0xCAFE, clockRate: 90000)
        for index in 0..<30 {
            generator.packetSent(rtpTimestamp: UInt32(index * 3000), payloadBytes: 1000 + index, at: .milliseconds(33 * index))
        }
        let reportResult = generator.makeReportIfDue(at: .seconds(1), wallClock: Self.wallClockOrigin + .milliseconds(250))
        let report = try #require(reportResult)
        #expect(report.ssrc == 0xCAFE)
        #expect(report.packetCount == 30)
        #expect(report.octetCount == UInt32((0..<30).reduce(0) { $0 + 1000 + $1 }))
        // 2026-11-22 in NTP seconds (since 1900) and a quarter second as fraction.
        #expect(report.ntpTimestamp >> 32 == 1_795_305_600 + 2_208_988_800)
        #expect(report.ntpTimestamp & 0xFFFF_FFFF == 1 << 30)
        #expect(report.rtpTimestamp == 29 * 3000 + 90000 * 43 / 1000)  // 43 ms after the last packet
        #expect(try RTCPSenderReport(unmarshaling: report.marshaled()) == report)
    }

    /// (network delay each way, receiver's hold time before its RR)
    @Test("RTT = now − time the SR was sent − DLSR, through a real receiver's RR",
          arguments: [(Duration.milliseconds(20), Duration.milliseconds(300)), (.milliseconds(75), .milliseconds(10)),
                      (.milliseconds(1), .milliseconds(900))])
    func roundTripTime(oneWay: Duration, hold: Duration) throws {
        var generator = RTCPSenderReportGenerator(ssrc: 0x1234, clockRate: 90000)
        var receiver = RTCPReceptionStatistics(ssrc: 0x1234, clockRate: 90000)
        generator.packetSent(rtpTimestamp: 0, payloadBytes: 100, at: .zero)
        receiver.received(sequenceNumber: 1, rtpTimestamp: 0, at: oneWay)
        let srResult = generator.makeReportIfDue(at: .milliseconds(10), wallClock: Self.wallClockOrigin)
        let sr = try #require(srResult)
        // The SR travels over the wire to the receiver.
        receiver.receivedSenderReport(try RTCPSenderReport(unmarshaling: sr.marshaled()), at: .milliseconds(10) + oneWay)
        let blockResult = receiver.makeReport(at: .milliseconds(10) + oneWay + hold)
        let block = try #require(blockResult)
        let rr = try RTCPReceiverReport(unmarshaling: RTCPReceiverReport(ssrc: 9, reports: [block]).marshaled())
        let rttResult = generator.receivedReceptionReport(rr.reports[0], at: .milliseconds(10) + oneWay * 2 + hold)
        let rtt = try #require(rttResult)
        // DLSR has 1/65536 s resolution.
        #expect(rtt > oneWay * 2 - .microseconds(50) && rtt < oneWay * 2 + .microseconds(50))
        #expect(generator.roundTripTime == rtt)
        #expect(generator.smoothedRoundTripTime == rtt)
    }

    @Test("Blocks without LSR, for another SSRC, or naming an unknown SR give no RTT")
    func noRoundTripTime() throws {
        var generator = RTCPSenderReportGenerator(ssrc: 5, clockRate: 90000, rememberedReports: 2)
        generator.packetSent(rtpTimestamp: 0, payloadBytes: 100, at: .zero)
        let firstResult = generator.makeReportIfDue(at: .zero, wallClock: Self.wallClockOrigin)
        let first = try #require(firstResult)
        for second in 1...2 {
            _ = generator.makeReportIfDue(at: .seconds(2 * second), wallClock: Self.wallClockOrigin + .seconds(2 * second))
        }
        func block(ssrc: UInt32, lsr: UInt32) -> RTCPReceptionReport {
            RTCPReceptionReport(ssrc: ssrc, fractionLost: 0, cumulativeLost: 0, extendedHighestSequenceNumber: 0,
                                jitter: 0, lastSenderReport: lsr, delaySinceLastSenderReport: 0)
        }
        #expect(generator.receivedReceptionReport(block(ssrc: 5, lsr: 0), at: .seconds(5)) == nil)
        #expect(generator.receivedReceptionReport(block(ssrc: 6, lsr: first.compactNTP), at: .seconds(5)) == nil)
        // Only the last two SRs are remembered; the first has been forgotten.
        #expect(generator.receivedReceptionReport(block(ssrc: 5, lsr: first.compactNTP), at: .seconds(5)) == nil)
        #expect(generator.unmatchedReportBlocks == 1)
        #expect(generator.roundTripTime == nil)
    }
}
