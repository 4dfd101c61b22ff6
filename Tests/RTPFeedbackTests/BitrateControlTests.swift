import RTCP
import Testing
@testable import RTPFeedback

@Suite("Per-peer bitrate control (min of loss, delay, REMB) and the N-viewer encoder target")
struct BitrateControlTests {
    static let range = 100_000...5_000_000

    func report(fractionLost: UInt8, ssrc: UInt32 = testMediaSSRC) -> RTCPReceptionReport {
        RTCPReceptionReport(ssrc: ssrc, fractionLost: fractionLost, cumulativeLost: 0, extendedHighestSequenceNumber: 0,
                            jitter: 0, lastSenderReport: 0, delaySinceLastSenderReport: 0)
    }

    @Test("REMB is an upper bound; after it lifts the estimate grows again from the bound, not from a stale value")
    func receiverEstimateBound() throws {
        var controller = PeerBitrateController(initialBitrate: 1_000_000, range: Self.range, usesTransportWideFeedback: false,
                                               mediaSSRC: testMediaSSRC)
        let remb = try RTCPReceiverEstimatedMaximumBitrate(
            unmarshaling: RTCPReceiverEstimatedMaximumBitrate(senderSSRC: 9, bitrate: 400_000, ssrcs: [testMediaSSRC]).marshaled())
        #expect(controller.receivedEstimatedMaximumBitrate(remb) == 400_000)
        for second in 0...5 { controller.receivedReceptionReport(report(fractionLost: 0), at: .seconds(second)) }
        #expect(controller.bitrate == 400_000)
        let lifted = RTCPReceiverEstimatedMaximumBitrate(senderSSRC: 9, bitrate: 10_000_000, ssrcs: [testMediaSSRC])
        controller.receivedEstimatedMaximumBitrate(lifted)
        controller.receivedReceptionReport(report(fractionLost: 0), at: .seconds(6))
        #expect(controller.bitrate == 432_000)
        // A REMB about other SSRCs does not apply.
        controller.receivedEstimatedMaximumBitrate(.init(senderSSRC: 9, bitrate: 150_000, ssrcs: [0xFFFF]))
        #expect(controller.bitrate == 432_000)
    }

    @Test("The combined estimate is the minimum of loss- and delay-based when transport-cc is negotiated")
    func lossAndDelayCombined() throws {
        var controller = PeerBitrateController(initialBitrate: 2_000_000, range: Self.range, usesTransportWideFeedback: true,
                                               mediaSSRC: testMediaSSRC)
        // No loss, but a growing queue: the delay-based part must bring the rate down.
        var delay = controller.delay
        _ = try runTransportWideFeedback(on: &delay, packets: 300, arrivalSpacingMicroseconds: 12_000)
        for batch in stride(from: 0, to: 300, by: 10) {
            for index in batch..<batch + 10 {
                controller.packetSent(transportSequenceNumber: 65000 &+ UInt16(index), size: 1200, at: .milliseconds(10 * index))
            }
            let arrivals = (batch..<batch + 10).map { Int64?.some(5_000_000 + Int64($0) * 12_000) }
            let feedback = try RTCPTransportWideFeedback(senderSSRC: 1, mediaSSRC: 2, baseSequenceNumber: 65000 &+ UInt16(batch),
                                                         feedbackPacketCount: 0, arrivals: arrivals)
            controller.receivedTransportWideFeedback(feedback, at: .milliseconds(10 * (batch + 9) + 40))
            controller.receivedReceptionReport(report(fractionLost: 0), at: .milliseconds(10 * (batch + 9) + 40))
        }
        #expect(controller.bitrate == delay.bitrate)
        #expect(controller.bitrate < 700_000)
        #expect(controller.loss.bitrate == controller.bitrate)  // capped, not running ahead
    }

    @Test("Without transport-cc, TWCC feedback is ignored; reports about other SSRCs are ignored")
    func ignoredInputs() throws {
        var controller = PeerBitrateController(initialBitrate: 1_000_000, range: Self.range, usesTransportWideFeedback: false,
                                               mediaSSRC: testMediaSSRC)
        let feedback = try RTCPTransportWideFeedback(senderSSRC: 1, mediaSSRC: 2, baseSequenceNumber: 0, feedbackPacketCount: 0,
                                                     arrivals: [nil, nil])
        #expect(controller.receivedTransportWideFeedback(feedback, at: .seconds(1)) == 1_000_000)
        #expect(controller.receivedReceptionReport(report(fractionLost: 255, ssrc: 0x77), at: .seconds(1)) == 1_000_000)
        #expect(controller.receivedReceptionReport(report(fractionLost: 255), at: .seconds(2)) == 501_953)
    }

    static let aggregation = StreamBitrateAggregator.Configuration(range: 100_000...4_000_000, floor: 300_000)

    /// Estimates per peer → encoder target (from an initial 1.5 Mbit/s).
    @Test("N viewers: the encoder follows the slowest viewer, never below the floor",
          arguments: [([1: 2_000_000], 2_000_000), ([1: 2_000_000, 2: 800_000], 800_000),
                      ([1: 2_000_000, 2: 800_000, 3: 100_000], 300_000), ([1: 9_000_000], 4_000_000)])
    func aggregation(estimates: [Int: Int], expected: Int) {
        var aggregator = StreamBitrateAggregator(configuration: Self.aggregation, initialTarget: 1_500_000)
        for (peer, estimate) in estimates.sorted(by: { $0.key < $1.key }) {
            _ = aggregator.update(peer: peer, estimate: estimate, at: .zero)
        }
        #expect(aggregator.desiredTarget == expected)
        #expect(aggregator.target == expected)
        #expect(aggregator.starvedPeers == estimates.filter { $0.value < 300_000 }.keys.sorted())
    }

    @Test("Hysteresis: small changes do not reconfigure the encoder; increases wait a second; decreases do not")
    func hysteresis() {
        var aggregator = StreamBitrateAggregator(configuration: Self.aggregation, initialTarget: 1_000_000)
        #expect(aggregator.update(peer: 1, estimate: 970_000, at: .zero) == nil)          // −3 %
        #expect(aggregator.update(peer: 1, estimate: 940_000, at: .milliseconds(10)) == 940_000)  // −6 %
        #expect(aggregator.update(peer: 1, estimate: 1_000_000, at: .milliseconds(20)) == nil)    // +6 %
        #expect(aggregator.update(peer: 1, estimate: 1_200_000, at: .milliseconds(500)) == nil)   // +28 % but too soon
        #expect(aggregator.reconsider(at: .milliseconds(1_009)) == nil)
        #expect(aggregator.reconsider(at: .milliseconds(1_010)) == 1_200_000)
        #expect(aggregator.update(peer: 1, estimate: 1_300_000, at: .milliseconds(2_500)) == nil)    // +8 %, long after
        #expect(aggregator.update(peer: 1, estimate: 600_000, at: .milliseconds(2_520)) == 600_000)  // at once
        #expect(aggregator.changeCount == 3)
    }

    @Test("When the slowest viewer leaves, the target rises to the next slowest; with none left it stays")
    func peerLeaves() {
        var aggregator = StreamBitrateAggregator(configuration: Self.aggregation, initialTarget: 1_000_000)
        _ = aggregator.update(peer: 1, estimate: 3_000_000, at: .zero)
        _ = aggregator.update(peer: 2, estimate: 500_000, at: .zero)
        #expect(aggregator.target == 500_000)
        #expect(aggregator.removePeer(2, at: .seconds(2)) == 3_000_000)
        #expect(aggregator.removePeer(1, at: .seconds(4)) == nil)
        #expect(aggregator.target == 3_000_000)
        #expect(aggregator.desiredTarget == nil)
    }
}
