import RTCP
import RTP
import Testing
@testable import RTPFeedback
import TestSupport

@Suite("Loss recovery with the real receiver side: RTPNACKGenerator ↔ RTPNACKResponder over a lossy mock link")
struct LossRecoveryTests {
    /// Something in flight on the simulated link.
    enum Datagram {
        case media([UInt8])
        case rtcp([UInt8])
    }

    /// (loss rate in percent, whether RTX is negotiated)
    @Test("Every lost packet is recovered; each retransmission is answered once per NACK round, none arrives twice",
          arguments: [(5, true), (5, false), (15, true)])
    func recovery(lossPercent: Int, usesRTX: Bool) throws {
        var random = SeededGenerator(seed: UInt64(lossPercent * 10 + (usesRTX ? 1 : 0)))
        let oneWay = 20  // ms; RTT 40 ms
        let packetCount = 1500
        var history = RTPPacketHistory()
        let rtx = RTPNACKResponder.RetransmissionStream(ssrc: 0x7777, payloadType: 103, initialSequenceNumber: 40_000)
        var responder = RTPNACKResponder(configuration: .init(retransmission: usesRTX ? rtx : nil))
        var generator = RTPNACKGenerator()
        var toReceiver: [Int: [Datagram]] = [:]
        var toSender: [Int: [Datagram]] = [:]
        var received = Set<UInt16>()
        var duplicates = 0
        var lostOnLink = 0
        func lossy() -> Bool {
            guard Int.random(in: 0..<100, using: &random) < lossPercent else { return false }
            lostOnLink += 1
            return true
        }

        for now in 0..<(packetCount * 10 + 2_000) {
            // Arrivals first, so a retransmission that lands now is seen before the next NACK round.
            for case .media(let bytes) in toReceiver.removeValue(forKey: now) ?? [] {
                var packet = try RTPPacket(unmarshaling: bytes)
                if packet.header.ssrc == rtx.ssrc {
                    packet = try RTPRetransmission.unwrap(packet, originalSSRC: testMediaSSRC, originalPayloadType: 102)
                }
                #expect(packet == videoPacket(packet.header.sequenceNumber))
                if !received.insert(packet.header.sequenceNumber).inserted { duplicates += 1 }
                generator.received(sequenceNumber: packet.header.sequenceNumber, at: .milliseconds(now))
            }
            for case .rtcp(let bytes) in toSender.removeValue(forKey: now) ?? [] {
                guard case .genericNACK(let message) = try RTCPPacket(unmarshaling: bytes) else { continue }
                responder.respond(to: message, from: history, at: .milliseconds(now), roundTripTime: .milliseconds(2 * oneWay)) { datagram in
                    if !lossy() { toReceiver[now + oneWay, default: []].append(.media(Array(datagram))) }
                }
            }
            // The sender: one packet every 10 ms, stored once, 5–15 % lost.
            if now % 10 == 0, now / 10 < packetCount {
                let bytes = try videoPacket(UInt16(truncatingIfNeeded: 60_000 + now / 10)).marshaled()
                try bytes.withUnsafeBytes { try history.store($0, sentAt: .milliseconds(now)) }
                if !lossy() { toReceiver[now + oneWay, default: []].append(.media(bytes)) }
            }
            // The receiver asks for what is missing every 5 ms; NACKs are lost too.
            if now % 5 == 0 {
                let due = generator.sequenceNumbersToRequest(at: .milliseconds(now), roundTripTime: .milliseconds(2 * oneWay))
                if !due.isEmpty, !lossy() {
                    let message = RTCPGenericNACK(senderSSRC: 0xEEEE, mediaSSRC: testMediaSSRC, lostSequenceNumbers: due)
                    toSender[now + oneWay, default: []].append(.rtcp(try message.marshaled()))
                }
            }
        }
        #expect(received.count == packetCount)
        #expect(duplicates == 0)
        #expect(generator.abandonedCount == 0)
        #expect(generator.recoveredCount > 0)
        #expect(lostOnLink > packetCount * lossPercent / 200)
        #expect(responder.counters.rateLimited == 0)  // the receiver waited a full RTT between requests
        #expect(responder.nextRetransmissionSequenceNumber == (usesRTX ? 40_000 &+ UInt16(responder.counters.resent) : 0))
    }
}
