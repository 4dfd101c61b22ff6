import Testing
import RTP
import TestSupport

/// The receive chain working together against a lossy network, on a simulated clock:
/// payloader → network (5 % loss, 20–30 ms delay, reordering) → NACK generator + reorder
/// buffer → RTX retransmission from the sender's history → depacketizer.
@Suite("Loss recovery through NACK + RTX + reorder buffer (simulated network)")
struct RTPLossRecoveryTests {
    struct InFlight {
        var arrival: Int
        var packet: RTPPacket
    }

    /// Access units of varying size: a keyframe every 60 frames, small P frames between.
    static func accessUnit(_ index: Int) -> [UInt8] {
        let size = index % 60 == 0 ? 20_000 : 800 + (index * 7919) % 6000
        return annexB([nalUnit(type: index % 60 == 0 ? 5 : 1, size: size, nri: UInt8(index % 4))])
    }

    @Test("With 5 % of packets dropped every frame still arrives intact", arguments: [UInt64(11), 12, 13])
    func recovers(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let frameCount = 300
        let mediaSSRC: UInt32 = 0x1111, rtxSSRC: UInt32 = 0x2222
        var payloader = try H264RTPPayloader()
        var sequencer = RTPSequencer(ssrc: mediaSSRC, payloadType: 102, initialSequenceNumber: 65000)
        var rtxSequenceNumber: UInt16 = 0
        var history: [UInt16: RTPPacket] = [:]
        var toReceiver: [InFlight] = []
        var toSender: [(arrival: Int, numbers: [UInt16])] = []
        var reorder = RTPReorderBuffer(maximumDelay: .milliseconds(300))
        var nack = RTPNACKGenerator()
        var depacketizer = H264RTPDepacketizer()
        var outputs: [H264RTPDepacketizerOutput] = []
        var dropped = 0, sent = 0, nackedNumbers = 0

        func send(_ packet: RTPPacket, at now: Int) {
            sent += 1
            if Int.random(in: 0..<100, using: &random) < 5 {
                dropped += 1
                return
            }
            toReceiver.append(InFlight(arrival: now + 20 + Int.random(in: 0..<10, using: &random), packet: packet))
        }

        for now in 0..<(frameCount * 33 + 2_000) {
            // Sender: one access unit every 33 ms, retransmissions for NACKs that arrived.
            if now % 33 == 0, now / 33 < frameCount {
                let index = now / 33
                for packet in try payloader.packetize(accessUnit: Self.accessUnit(index), rtpTimestamp: UInt32(index * 3000),
                                                      sequencer: &sequencer) {
                    history[packet.header.sequenceNumber] = packet
                    send(packet, at: now)
                }
            }
            for request in toSender where request.arrival == now {
                for number in request.numbers {
                    guard let original = history[number] else { continue }
                    send(RTPRetransmission.wrap(original, ssrc: rtxSSRC, payloadType: 103, sequenceNumber: rtxSequenceNumber), at: now)
                    rtxSequenceNumber &+= 1
                }
            }
            toSender.removeAll { $0.arrival <= now }

            // Receiver: packets due now, in arrival order.
            let arriving = toReceiver.filter { $0.arrival == now }
            toReceiver.removeAll { $0.arrival <= now }
            for item in arriving {
                var packet = item.packet
                if packet.header.ssrc == rtxSSRC {
                    packet = try RTPRetransmission.unwrap(packet, originalSSRC: mediaSSRC, originalPayloadType: 102)
                }
                nack.received(sequenceNumber: packet.header.sequenceNumber, at: .milliseconds(now))
                _ = reorder.insert(packet, at: .milliseconds(now))
            }
            while let ready = reorder.popReady(at: .milliseconds(now)) { outputs += depacketizer.push(ready) }
            if now % 10 == 0 {
                let due = nack.sequenceNumbersToRequest(at: .milliseconds(now), roundTripTime: .milliseconds(60))
                if !due.isEmpty {
                    nackedNumbers += due.count
                    toSender.append((now + 20 + Int.random(in: 0..<10, using: &random), due))
                }
            }
        }
        depacketizer.flush { outputs.append($0) }

        let intact = outputs.enumerated().filter { index, output in
            guard case .accessUnit(let unit) = output else { return false }
            return unit.rtpTimestamp == UInt32(index * 3000) && unit.annexB == Self.accessUnit(index)
        }.count
        #expect(dropped > sent / 40, "the network must really have lost packets (\(dropped) of \(sent))")
        #expect(nackedNumbers >= dropped / 2)
        #expect(outputs.count == frameCount)
        #expect(intact == frameCount, "\(intact) of \(frameCount) intact; skipped \(reorder.skippedCount), abandoned \(nack.abandonedCount)")
    }
}
