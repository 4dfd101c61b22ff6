import RTCP
import Testing
@testable import RTPFeedback

@Suite("Loss- and delay-based bitrate estimates (GCC, draft-ietf-rmcat-gcc-02), mock clock")
struct BitrateEstimatorTests {
    static let range = 100_000...5_000_000

    /// fraction lost (1/256) → estimate one second after a loss-free report at 1 Mbit/s.
    @Test("Loss-based: <2 % increases 8 %/s, 2–10 % holds, >10 % decreases by (1 − 0.5·loss)",
          arguments: [(UInt8(0), 1_080_000), (3, 1_080_000), (5, 1_080_000), (6, 1_000_000), (13, 1_000_000), (25, 1_000_000),
                      (26, 949_219), (64, 875_000), (128, 750_000), (255, 501_953)])
    func lossSteps(fractionLost: UInt8, expected: Int) {
        var estimator = LossBasedBitrateEstimator(initialBitrate: 1_000_000, range: Self.range)
        estimator.receivedReport(fractionLost: 0, at: .seconds(10))
        #expect(estimator.receivedReport(fractionLost: fractionLost, at: .seconds(11)) == expected)
    }

    @Test("Loss-based growth does not depend on how often reports come: ten reports 100 ms apart ≈ one after 1 s")
    func increaseIsProrated() {
        var estimator = LossBasedBitrateEstimator(initialBitrate: 1_000_000, range: Self.range)
        for tick in 0...10 { estimator.receivedReport(fractionLost: 0, at: .milliseconds(100 * tick)) }
        #expect(estimator.bitrate > 1_079_000 && estimator.bitrate < 1_084_000)
    }

    @Test("Loss-based decreases at most once per 300 ms")
    func decreaseInterval() {
        var estimator = LossBasedBitrateEstimator(initialBitrate: 1_000_000, range: Self.range)
        estimator.receivedReport(fractionLost: 128, at: .zero)
        estimator.receivedReport(fractionLost: 128, at: .milliseconds(100))
        #expect(estimator.bitrate == 750_000)
        estimator.receivedReport(fractionLost: 128, at: .milliseconds(300))
        #expect(estimator.bitrate == 562_500)
    }

    /// (loss per report, reports, expected end value)
    @Test("Loss-based estimate is clamped to the configured range",
          arguments: [(UInt8(0), 100, Self.range.upperBound), (255, 100, Self.range.lowerBound), (3, 300, Self.range.upperBound)])
    func clamping(fractionLost: UInt8, reports: Int, expected: Int) {
        var estimator = LossBasedBitrateEstimator(initialBitrate: 1_000_000, range: Self.range)
        var seen: [Int] = []
        for second in 0..<reports { seen.append(estimator.receivedReport(fractionLost: fractionLost, at: .seconds(second))) }
        #expect(estimator.bitrate == expected)
        #expect(seen.allSatisfy { Self.range.contains($0) })
        let clampedAtStart = LossBasedBitrateEstimator(initialBitrate: 50_000_000, range: Self.range)
        #expect(clampedAtStart.bitrate == Self.range.upperBound)
    }

    @Test("Delay-based: a growing queue (packets arrive 12 ms apart, sent 10 ms apart) is overuse → decrease below the acknowledged rate")
    func transportWideOveruse() throws {
        var estimator = DelayBasedBitrateEstimator(initialBitrate: 2_000_000, range: Self.range)
        let estimates = try runTransportWideFeedback(on: &estimator, packets: 300, arrivalSpacingMicroseconds: 12_000)
        // 1200 bytes every 12 ms: the receiver gets 800 kbit/s.
        let acknowledged = try #require(estimator.acknowledgedBitrate)
        #expect(acknowledged > 780_000 && acknowledged < 820_000)
        #expect(estimates.last! < 700_000)
        #expect(estimates.contains { $0 < 2_000_000 })
        #expect(estimator.unknownPacketCount == 0)
    }

    @Test("Delay-based: a steady path (arrival spacing = send spacing) never decreases; increase is capped near the acknowledged rate")
    func transportWideSteady() throws {
        var estimator = DelayBasedBitrateEstimator(initialBitrate: 500_000, range: Self.range)
        let estimates = try runTransportWideFeedback(on: &estimator, packets: 3000, arrivalSpacingMicroseconds: 10_000)
        #expect(zip(estimates, estimates.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(estimates.last! > 500_000)
        // 1200 bytes per 10 ms is 960 kbit/s; the cap is 1.5 × that + 10 kbit/s.
        #expect(estimates.last! <= 1_450_000)
        #expect(estimator.detector.signal == .normal)
    }

    @Test("Delay-based: feedback about packets never sent is counted and changes nothing")
    func transportWideUnknownPackets() throws {
        var estimator = DelayBasedBitrateEstimator(initialBitrate: 500_000, range: Self.range)
        let feedback = try RTCPTransportWideFeedback(senderSSRC: 1, mediaSSRC: 2, baseSequenceNumber: 40_000,
                                                     feedbackPacketCount: 0, arrivals: [1000, 2000, nil, 4000])
        estimator.receivedFeedback(feedback, at: .seconds(1))
        #expect(estimator.unknownPacketCount == 3)
        #expect(estimator.acknowledgedBitrate == nil)
        #expect(estimator.bitrate == 500_000)
    }
}

/// Sends `packets` packets of 1200 bytes 10 ms apart with transport-wide sequence numbers
/// from 65000 (so they wrap); the receiver sees them `arrivalSpacingMicroseconds` apart and
/// reports every 10 packets, 40 ms after the last of them was sent. Returns the estimate
/// after each feedback.
func runTransportWideFeedback(on estimator: inout DelayBasedBitrateEstimator, packets: Int,
                              arrivalSpacingMicroseconds: Int64) throws -> [Int] {
    var estimates: [Int] = []
    let first: UInt16 = 65000
    for batch in stride(from: 0, to: packets, by: 10) {
        var arrivals: [Int64?] = []
        for index in batch..<batch + 10 {
            estimator.packetSent(transportSequenceNumber: first &+ UInt16(truncatingIfNeeded: index), size: 1200,
                                 at: .milliseconds(10 * index))
            arrivals.append(5_000_000 + Int64(index) * arrivalSpacingMicroseconds)
        }
        let feedback = try RTCPTransportWideFeedback(
            senderSSRC: 1, mediaSSRC: 2, baseSequenceNumber: first &+ UInt16(truncatingIfNeeded: batch),
            feedbackPacketCount: UInt8(truncatingIfNeeded: batch / 10), arrivals: arrivals)
        let parsed = try RTCPTransportWideFeedback(unmarshaling: feedback.marshaled())
        estimates.append(estimator.receivedFeedback(parsed, at: .milliseconds(10 * (batch + 9) + 40)))
    }
    return estimates
}
