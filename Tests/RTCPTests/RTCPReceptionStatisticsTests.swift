import Testing
import RTCP

@Suite("Reception statistics for report blocks (RFC 3550 A.3, A.8, §6.4.1)")
struct RTCPReceptionStatisticsTests {
    @Test("Loss: cumulative and per-interval fraction in 1/256 (A.3), across the sequence wrap")
    func loss() throws {
        var statistics = RTCPReceptionStatistics(ssrc: 7, clockRate: 90_000)
        let none = statistics.makeReport(at: .zero)
        #expect(none == nil)
        // 100 expected (65486…65535, 0…49), 10 lost.
        for offset in 0..<100 where offset % 10 != 5 {
            statistics.received(sequenceNumber: UInt16(truncatingIfNeeded: 65486 + offset), rtpTimestamp: UInt32(offset * 3000),
                                at: .milliseconds(offset * 33))
        }
        let firstReport = statistics.makeReport(at: .seconds(4))
        let first = try #require(firstReport)
        #expect(first.ssrc == 7)
        #expect(first.cumulativeLost == 10)
        #expect(first.fractionLost == 25)  // 10/100 × 256 = 25.6 → 25
        #expect(first.extendedHighestSequenceNumber == 1 << 16 | 49)
        // Next interval: 50 expected, all received.
        for offset in 100..<150 {
            statistics.received(sequenceNumber: UInt16(truncatingIfNeeded: 65486 + offset), rtpTimestamp: UInt32(offset * 3000),
                                at: .milliseconds(offset * 33))
        }
        let secondReport = statistics.makeReport(at: .seconds(6))
        let second = try #require(secondReport)
        #expect(second.fractionLost == 0)
        #expect(second.cumulativeLost == 10)
    }

    @Test("Duplicates make cumulative loss negative rather than hide loss (RFC 3550 §6.4.1)")
    func duplicates() {
        var statistics = RTCPReceptionStatistics(ssrc: 1, clockRate: 48_000)
        for number: UInt16 in [1, 2, 2, 3, 3] { statistics.received(sequenceNumber: number, rtpTimestamp: 0, at: .zero) }
        let report = statistics.makeReport(at: .zero)
        #expect(report?.cumulativeLost == -2)
    }

    @Test("Jitter: perfectly paced packets give 0; alternating ±10 ms arrival converges to ~D/1 (A.8)")
    func jitter() {
        var paced = RTCPReceptionStatistics(ssrc: 1, clockRate: 90_000)
        var jittery = RTCPReceptionStatistics(ssrc: 1, clockRate: 90_000)
        for index in 0..<500 {
            let timestamp = UInt32(truncatingIfNeeded: 4_294_000_000 + index * 3000)  // wraps along the way
            paced.received(sequenceNumber: UInt16(index), rtpTimestamp: timestamp, at: .microseconds(index * 33_333 + 1))
            let wobble = index % 2 == 0 ? 10_000 : -10_000
            jittery.received(sequenceNumber: UInt16(index), rtpTimestamp: timestamp, at: .microseconds(index * 33_333 + wobble + 20_000))
        }
        #expect(paced.jitter <= 1)
        // Each transit difference is 20 ms = 1800 ticks, so the estimate converges to 1800.
        #expect((1700...1800).contains(jittery.jitter))
    }

    @Test("LSR/DLSR echo the last SR, and the sender gets its round trip back from them")
    func roundTrip() throws {
        var statistics = RTCPReceptionStatistics(ssrc: 1, clockRate: 90_000)
        statistics.received(sequenceNumber: 1, rtpTimestamp: 0, at: .zero)
        let senderReport = RTCPSenderReport(ssrc: 1, ntpTimestamp: 0x0000_1000_8000_0000, rtpTimestamp: 0, packetCount: 1, octetCount: 1)
        statistics.receivedSenderReport(senderReport, at: .seconds(10))
        let made = statistics.makeReport(at: .milliseconds(10_250))
        let report = try #require(made)
        #expect(report.lastSenderReport == 0x1000_8000)
        #expect(report.delaySinceLastSenderReport == 16384)  // 250 ms in 1/65536 s
        // The SR left the sender at compact NTP 0x1000_8000; the RR arrives 330 ms later there:
        // 250 ms held by the receiver + 80 ms of network round trip.
        let arrival = UInt32(0x1000_8000) &+ UInt32(330 * 65536 / 1000)
        let roundTrip = try #require(report.roundTripTime(arrivalCompactNTP: arrival))
        #expect(roundTrip >= .milliseconds(79) && roundTrip <= .milliseconds(81))
    }
}
