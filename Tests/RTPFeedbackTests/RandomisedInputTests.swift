import RTCP
import RTP
import Testing
@testable import RTPFeedback
import TestSupport

@Suite("Randomised inputs: handlers never crash and keep their invariants")
struct RandomisedInputTests {
    @Test("History: random sizes, jumps and times keep count, bytes and slots within bounds, and lookups exact",
          arguments: [UInt64(1), 2, 3, 0xBAD_5EED])
    func historyInvariants(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let configuration = RTPPacketHistory.Configuration(maximumAge: .milliseconds(300), maximumBytes: 20_000, slotCount: 64)
        var history = RTPPacketHistory(configuration: configuration)
        var sequenceNumber = UInt16.random(in: 0...UInt16.max, using: &random)
        var now = Duration.zero
        var sent: [(UInt16, Duration, Int)] = []
        for _ in 0..<3000 {
            sequenceNumber &+= Int.random(in: 0..<20, using: &random) == 0 ? UInt16.random(in: 1...200, using: &random) : 1
            now += .milliseconds(Int.random(in: 0...15, using: &random))
            let size = Int.random(in: 0...1400, using: &random)
            try history.store(videoPacket(sequenceNumber, payloadSize: size), sentAt: now)
            sent.append((sequenceNumber, now, size))
            #expect(history.count <= 64)
            #expect(history.storedBytes <= 20_000)
        }
        // Whatever is returned is the exact packet and young enough; the newest is always there.
        var found = 0
        for (number, sentAt, size) in sent.suffix(200) {
            if let packet = history.packet(sequenceNumber: number, at: now) {
                #expect(packet == videoPacket(number, payloadSize: size))
                #expect(now - sentAt <= .milliseconds(300))
                found += 1
            }
        }
        #expect(found == history.count)
        #expect(history.packet(sequenceNumber: sequenceNumber, at: now) != nil)
    }

    @Test("NACK responder: random NACKs resend only packets in the history, each to a peer at most once per interval",
          arguments: [UInt64(7), 8, 9])
    func responderInvariants(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        // 65000…(wraps)…464, sent 0…9.99 s and kept 10 s.
        let history = try makeHistory(storing: 65_000, count: 1000, configuration: .init(maximumAge: .seconds(10)))
        var responder = RTPNACKResponder(configuration: .init(retransmission: .init(ssrc: 1, payloadType: 96, initialSequenceNumber: 0)))
        var lastSent: [UInt16: Duration] = [:]
        var expectedRTX: UInt16 = 0
        var now = Duration.seconds(10)
        for _ in 0..<300 {
            now += .milliseconds(Int.random(in: 0...30, using: &random))
            let pairs = (0..<Int.random(in: 0...4, using: &random)).map { _ in
                // Mostly around the stored range (wrapping), sometimes far from it.
                RTCPGenericNACK.Pair(packetID: 64_900 &+ UInt16.random(in: 0...1200, using: &random),
                                     lostBitmask: UInt16.random(in: 0...UInt16.max, using: &random))
            }
            let message = RTCPGenericNACK(senderSSRC: 2, mediaSSRC: testMediaSSRC, pairs: pairs)
            var problems = 0
            responder.respond(to: message, from: history, at: now, roundTripTime: .milliseconds(40)) { datagram in
                guard let packet = try? RTPPacket(unmarshaling: datagram),
                      let original = try? RTPRetransmission.unwrap(packet, originalSSRC: testMediaSSRC, originalPayloadType: 102)
                else { problems += 1; return }
                if packet.header.sequenceNumber != expectedRTX { problems += 1 }
                expectedRTX &+= 1
                if original != videoPacket(original.header.sequenceNumber) { problems += 1 }
                if let last = lastSent[original.header.sequenceNumber], now - last < .milliseconds(40) { problems += 1 }
                lastSent[original.header.sequenceNumber] = now
            }
            #expect(problems == 0)
        }
        let counters = responder.counters
        #expect(counters.requested == counters.resent + counters.rateLimited + counters.notInHistory)
        #expect(counters.resent > 0 && counters.rateLimited > 0 && counters.notInHistory > 0)
    }

    @Test("Delay-based estimate: random feedback (losses, reordering, jitter, unknown packets) stays in range",
          arguments: [UInt64(11), 12, 13])
    func delayEstimatorInRange(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let range = 150_000...3_000_000
        var estimator = DelayBasedBitrateEstimator(initialBitrate: 1_000_000, range: range)
        var sequenceNumber: UInt16 = 0
        var now = Duration.zero
        var arrival: Int64 = 1_000_000
        for _ in 0..<300 {
            var arrivals: [Int64?] = []
            let base = sequenceNumber
            for _ in 0..<Int.random(in: 1...30, using: &random) {
                now += .microseconds(Int.random(in: 0...20_000, using: &random))
                estimator.packetSent(transportSequenceNumber: sequenceNumber, size: Int.random(in: 50...1300, using: &random), at: now)
                sequenceNumber &+= 1
                arrival += Int64.random(in: -2_000...25_000, using: &random)
                arrival = max(arrival, 0)
                arrivals.append(Int.random(in: 0..<10, using: &random) == 0 ? nil : arrival)
            }
            let feedback = try RTCPTransportWideFeedback(senderSSRC: 1, mediaSSRC: 2,
                                                         baseSequenceNumber: base &+ UInt16(Int.random(in: 0...1, using: &random) * 3),
                                                         feedbackPacketCount: 0, arrivals: arrivals)
            #expect(range.contains(estimator.receivedFeedback(feedback, at: now + .milliseconds(30))))
        }
    }

    @Test("Chain: random RTCP from a peer never crashes and never pushes the encoder target out of range",
          arguments: [UInt64(21), 22])
    func chainInRange(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let range = 200_000...2_500_000
        var stream = SenderStreamFeedback(mediaSSRC: testMediaSSRC,
                                          bitrate: StreamBitrateAggregator(configuration: .init(range: range), initialTarget: 1_000_000))
        var peer = SenderPeerFeedback(peer: 1, mediaSSRC: testMediaSSRC, clockRate: 90000, usesTransportWideFeedback: true,
                                      initialBitrate: 1_000_000, bitrateRange: range)
        _ = stream.peerJoined(peer, at: .zero)
        var now = Duration.zero
        var keyframes = 0
        for index in 0..<2000 {
            now += .milliseconds(5)
            let bytes = try videoPacket(UInt16(truncatingIfNeeded: index)).marshaled()
            try bytes.withUnsafeBytes { try stream.packetSent($0, at: now) }
            peer.packetSent(rtpTimestamp: UInt32(index * 450), payloadBytes: 100, transportSequenceNumber: UInt16(truncatingIfNeeded: index),
                            size: bytes.count, at: now)
            guard index % 7 == 0 else { continue }
            let packet: RTCPPacket
            switch Int.random(in: 0..<6, using: &random) {
            case 0: packet = .receiverReport(.init(ssrc: 9, reports: [.init(
                ssrc: testMediaSSRC, fractionLost: UInt8.random(in: 0...255, using: &random), cumulativeLost: 0,
                extendedHighestSequenceNumber: 0, jitter: 0, lastSenderReport: UInt32.random(in: 0...UInt32.max, using: &random),
                delaySinceLastSenderReport: UInt32.random(in: 0...UInt32.max, using: &random))]))
            case 1: packet = .genericNACK(.init(senderSSRC: 9, mediaSSRC: testMediaSSRC,
                                                lostSequenceNumbers: [UInt16(truncatingIfNeeded: index - Int.random(in: 0...400, using: &random))]))
            case 2: packet = .pictureLossIndication(.init(senderSSRC: 9, mediaSSRC: testMediaSSRC))
            case 3: packet = .fullIntraRequest(.init(senderSSRC: 9, entries: [.init(ssrc: testMediaSSRC,
                                                                                     sequenceNumber: UInt8.random(in: 0...3, using: &random))]))
            case 4: packet = .receiverEstimatedMaximumBitrate(.init(senderSSRC: 9, bitrate: UInt64.random(in: 0...10_000_000, using: &random),
                                                                    ssrcs: [testMediaSSRC]))
            default: packet = .transportWideFeedback(try RTCPTransportWideFeedback(
                senderSSRC: 9, mediaSSRC: testMediaSSRC, baseSequenceNumber: UInt16(truncatingIfNeeded: index - 20), feedbackPacketCount: 0,
                arrivals: (0..<20).map { Int64(index * 5_000 + $0 * Int.random(in: 4_000...9_000, using: &random)) }))
            }
            let outcome = stream.handle(packet, from: &peer, at: now) { _ in }
            let due = stream.poll(at: now)
            if outcome.requestKeyframe { keyframes += 1 }
            if due.requestKeyframe { keyframes += 1 }
            #expect(outcome.encoderBitrate.map(range.contains) ?? true)
            #expect(range.contains(stream.bitrate.target))
        }
        // 10 s of random requests: at most one keyframe per 500 ms, plus the join.
        #expect(keyframes <= 21)
        #expect(keyframes > 0)
    }
}
