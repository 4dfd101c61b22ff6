import RTCP
import RTP
import Testing
@testable import RTPFeedback

@Suite("The sender feedback chain: one stream, two peers, RTCP as bytes on the wire")
struct SenderStreamFeedbackTests {
    static let rtxA = RTPNACKResponder.RetransmissionStream(ssrc: 0xA0A0, payloadType: 97, initialSequenceNumber: 300)

    /// What a peer sends, through marshal and parse as on the wire.
    func wire(_ packets: [RTCPPacket]) throws -> [RTCPPacket] {
        try RTCPCompoundPacket(unmarshaling: RTCPCompoundPacket(packets: packets).marshaled()).packets
    }

    func receptionReport(fractionLost: UInt8, lsr: UInt32 = 0, dlsr: UInt32 = 0) -> RTCPReceptionReport {
        RTCPReceptionReport(ssrc: testMediaSSRC, fractionLost: fractionLost, cumulativeLost: 0,
                            extendedHighestSequenceNumber: 100, jitter: 0, lastSenderReport: lsr, delaySinceLastSenderReport: dlsr)
    }

    @Test("Joins, NACK → RTX from the shared history, PLI rate limit across peers, RR loss → encoder bitrate, RTT, leave")
    func chain() throws {
        var stream = SenderStreamFeedback(
            mediaSSRC: testMediaSSRC,
            bitrate: StreamBitrateAggregator(configuration: .init(range: 100_000...4_000_000, floor: 300_000), initialTarget: 1_500_000))
        var peerA = SenderPeerFeedback(peer: 1, mediaSSRC: testMediaSSRC, clockRate: 90000, retransmission: Self.rtxA,
                                       initialBitrate: 1_500_000, bitrateRange: 100_000...4_000_000)
        var peerB = SenderPeerFeedback(peer: 2, mediaSSRC: testMediaSSRC, clockRate: 90000,
                                       initialBitrate: 1_500_000, bitrateRange: 100_000...4_000_000,
                                       reportInterval: RTCPReportInterval(seed: 77))

        // Both join: each gets a keyframe at once.
        #expect(stream.peerJoined(peerA, at: .zero) == .init(requestKeyframe: true))
        #expect(stream.peerJoined(peerB, at: .milliseconds(5)) == .init(requestKeyframe: true))

        // One packetizer: every packet is stored once and sent to both peers.
        for index in 0..<100 {
            let packet = videoPacket(UInt16(index), timestamp: UInt32(index / 3 * 3000))
            let bytes = try packet.marshaled()
            try bytes.withUnsafeBytes { try stream.packetSent($0, at: .milliseconds(10 * index)) }
            for peer in [1, 2] {
                if peer == 1 {
                    peerA.packetSent(rtpTimestamp: packet.header.timestamp, payloadBytes: 100, size: bytes.count, at: .milliseconds(10 * index))
                } else {
                    peerB.packetSent(rtpTimestamp: packet.header.timestamp, payloadBytes: 100, size: bytes.count, at: .milliseconds(10 * index))
                }
            }
        }
        #expect(stream.history.count == 100)

        // A's sender report, then A's RR echoing it 40 ms later after holding it 30 ms: RTT 10 ms.
        let srResult = peerA.senderReports.makeReportIfDue(at: .milliseconds(1_000), wallClock: .seconds(1_795_305_600))
        let sr = try #require(srResult)
        #expect(sr.packetCount == 100)
        let echo = RTCPReceiverReport(ssrc: 0xAAAA, reports: [receptionReport(fractionLost: 0, lsr: sr.compactNTP, dlsr: 30 * 65536 / 1000)])
        var resent = SentPackets()
        for packet in try wire([.receiverReport(echo)]) {
            #expect(stream.handle(packet, from: &peerA, at: .milliseconds(1_040)) { resent.record($0) } == .init())
        }
        let rtt = try #require(peerA.senderReports.roundTripTime)
        #expect(rtt > .microseconds(9_900) && rtt < .microseconds(10_100))

        // A NACKs two packets: both come back as RTX, with A's own RTX numbering.
        let nackA = RTCPGenericNACK(senderSSRC: 0xAAAA, mediaSSRC: testMediaSSRC, lostSequenceNumbers: [95, 96])
        for packet in try wire([.genericNACK(nackA)]) {
            _ = stream.handle(packet, from: &peerA, at: .milliseconds(1_050)) { resent.record($0) }
        }
        #expect(resent.packets.map(\.header.sequenceNumber) == [300, 301])
        #expect(try resent.packets.map { try RTPRetransmission.unwrap($0, originalSSRC: testMediaSSRC, originalPayloadType: 102) }
                == [videoPacket(95, timestamp: 93_000), videoPacket(96, timestamp: 96_000)])
        // The same NACK again within A's RTT floor (5 ms) is rate-limited.
        _ = stream.handle(.genericNACK(nackA), from: &peerA, at: .milliseconds(1_052)) { resent.record($0) }
        #expect(resent.packets.count == 2)
        #expect(peerA.nackResponder.counters.rateLimited == 2)

        // B reports 50 % loss with a PLI in the same compound packet: the encoder drops to B's
        // loss-based estimate and gets a keyframe request (the joins were > 500 ms ago).
        let rrB = RTCPReceiverReport(ssrc: 0xBBBB, reports: [receptionReport(fractionLost: 128)])
        var outcome = SenderStreamFeedback.Outcome()
        for packet in try wire([.receiverReport(rrB), .pictureLossIndication(.init(senderSSRC: 0xBBBB, mediaSSRC: testMediaSSRC))]) {
            let step = stream.handle(packet, from: &peerB, at: .milliseconds(1_100)) { resent.record($0) }
            outcome.requestKeyframe = outcome.requestKeyframe || step.requestKeyframe
            outcome.encoderBitrate = step.encoderBitrate ?? outcome.encoderBitrate
        }
        #expect(outcome == .init(requestKeyframe: true, encoderBitrate: 1_125_000))

        // A's PLI 100 ms later is coalesced; the deferred request falls due 500 ms after B's.
        let pliA = RTCPPictureLossIndication(senderSSRC: 0xAAAA, mediaSSRC: testMediaSSRC)
        #expect(stream.handle(.pictureLossIndication(pliA), from: &peerA, at: .milliseconds(1_200)) { _ in } == .init())
        #expect(stream.nextDeadline == .milliseconds(1_600))
        #expect(stream.poll(at: .milliseconds(1_599)).requestKeyframe == false)
        #expect(stream.poll(at: .milliseconds(1_600)).requestKeyframe == true)

        // Feedback about another stream and packets with nothing for a sender are counted.
        let otherPLI = RTCPPictureLossIndication(senderSSRC: 0xAAAA, mediaSSRC: 0xDEAD)
        #expect(stream.handle(.pictureLossIndication(otherPLI), from: &peerA, at: .seconds(2)) { _ in } == .init())
        #expect(stream.handle(.goodbye(.init(sources: [0xAAAA])), from: &peerA, at: .seconds(2)) { _ in } == .init())
        #expect(stream.ignoredPacketCount == 2)

        // B leaves: A (still at 1.5 Mbit/s) sets the target again.
        #expect(stream.peerLeft(2, at: .seconds(3)) == .init(encoderBitrate: 1_500_000))
    }
}
