import RTCP
import RTP
import Testing
@testable import RTPFeedback

@Suite("NACK responder (RFC 4585 §6.2.1 sender side, RFC 4588 RTX, mock clock)")
struct RTPNACKResponderTests {
    static let rtx = RTPNACKResponder.RetransmissionStream(ssrc: 0x5555_6666, payloadType: 103, initialSequenceNumber: 65534)

    @Test("RFC 4588 §4: RTX carries the RTX SSRC/PT/own sequence numbers and the OSN, and unwraps to the original")
    func retransmissionWireFormat() throws {
        let history = try makeHistory(storing: 1000, count: 20)
        var responder = RTPNACKResponder(configuration: .init(retransmission: Self.rtx))
        var sent = SentPackets()
        let response = responder.respond(to: nack([1003, 1005, 1007]), from: history, at: .milliseconds(200)) { sent.record($0) }
        #expect(response == .init(resent: 3, rateLimited: 0, notInHistory: 0))
        #expect(sent.packets.map(\.header.ssrc) == [Self.rtx.ssrc, Self.rtx.ssrc, Self.rtx.ssrc])
        #expect(sent.packets.map(\.header.payloadType) == [103, 103, 103])
        // Own sequence numbers, consecutive and wrapping, independent of the media numbers.
        #expect(sent.packets.map(\.header.sequenceNumber) == [65534, 65535, 0])
        // OSN: the first two payload bytes, network order.
        #expect(sent.packets.map { UInt16($0.payload[0]) << 8 | UInt16($0.payload[1]) } == [1003, 1005, 1007])
        for (packet, original) in zip(sent.packets, [UInt16(1003), 1005, 1007]) {
            let unwrapped = try RTPRetransmission.unwrap(packet, originalSSRC: testMediaSSRC, originalPayloadType: 102)
            #expect(unwrapped == videoPacket(original))
        }
        // Byte-for-byte what the RTP module's own RTX wrapper makes of the parsed packet.
        let reference = try RTPRetransmission.wrap(videoPacket(1003), ssrc: Self.rtx.ssrc, payloadType: 103,
                                                   sequenceNumber: 65534).marshaled()
        #expect(sent.bytes[0] == reference)
    }

    @Test("RTX keeps marker, timestamp, CSRCs and header extensions of the original")
    func retransmissionKeepsHeaderFields() throws {
        var original = videoPacket(42, timestamp: 123_456, marker: true)
        original.header.csrcs = [0xC5C5]
        original.header.headerExtension = RTPHeaderExtension(elements: [RTPHeaderExtensionElement(id: 3, value: [9, 9])])
        var history = RTPPacketHistory()
        try history.store(original, sentAt: .zero)
        var responder = RTPNACKResponder(configuration: .init(retransmission: Self.rtx))
        var sent = SentPackets()
        responder.respond(to: nack([42]), from: history, at: .milliseconds(5)) { sent.record($0) }
        let packet = try #require(sent.packets.first)
        #expect(packet.header.marker)
        #expect(packet.header.timestamp == 123_456)
        #expect(packet.header.csrcs == [0xC5C5])
        #expect(packet.header.headerExtension == original.header.headerExtension)
        #expect(try RTPRetransmission.unwrap(packet, originalSSRC: testMediaSSRC, originalPayloadType: 102) == original)
    }

    @Test("Without RTX the original packet is resent unchanged")
    func plainRetransmission() throws {
        let history = try makeHistory(storing: 0, count: 10)
        var responder = RTPNACKResponder()
        var sent = SentPackets()
        responder.respond(to: nack([2, 3]), from: history, at: .milliseconds(100)) { sent.record($0) }
        #expect(sent.bytes == [try videoPacket(2).marshaled(), try videoPacket(3).marshaled()])
        #expect(responder.nextRetransmissionSequenceNumber == 0)
    }

    /// (time of a repeated NACK for the same packets, RTT known?, resent again?)
    @Test("A packet is resent to one peer at most once per round trip",
          arguments: [(Duration.milliseconds(10), Duration?.some(.milliseconds(50)), false),
                      (.milliseconds(49), .milliseconds(50), false),
                      (.milliseconds(50), .milliseconds(50), true),
                      (.milliseconds(99), nil, false),   // default interval 100 ms
                      (.milliseconds(100), nil, true),
                      (.milliseconds(4), .milliseconds(1), false),   // floor 5 ms
                      (.milliseconds(5), .milliseconds(1), true)])
    func rateLimit(repeatAfter: Duration, roundTripTime: Duration?, resentAgain: Bool) throws {
        let history = try makeHistory(storing: 0, count: 10)
        var responder = RTPNACKResponder(configuration: .init(retransmission: Self.rtx))
        var sent = SentPackets()
        let first = responder.respond(to: nack([4, 5]), from: history, at: .milliseconds(200), roundTripTime: roundTripTime) {
            sent.record($0)
        }
        #expect(first.resent == 2)
        let second = responder.respond(to: nack([4, 5]), from: history, at: .milliseconds(200) + repeatAfter,
                                       roundTripTime: roundTripTime) { sent.record($0) }
        #expect(second == (resentAgain ? .init(resent: 2) : .init(rateLimited: 2)))
        #expect(sent.packets.count == (resentAgain ? 4 : 2))
    }

    @Test("A NACK listing one packet twice answers it once")
    func duplicateInOneNACK() throws {
        let history = try makeHistory(storing: 0, count: 10)
        var responder = RTPNACKResponder()
        let message = RTCPGenericNACK(senderSSRC: 1, mediaSSRC: testMediaSSRC,
                                      pairs: [.init(packetID: 3, lostBitmask: 0b1), .init(packetID: 4, lostBitmask: 0)])
        var count = 0
        let response = responder.respond(to: message, from: history, at: .milliseconds(100)) { _ in count += 1 }
        #expect(count == 2)
        #expect(response == .init(resent: 2, rateLimited: 1))
    }

    @Test("Packets gone from the history and NACKs for other SSRCs are counted, not resent")
    func missingAndForeign() throws {
        let history = try makeHistory(storing: 100, count: 10)
        var responder = RTPNACKResponder()
        var count = 0
        let response = responder.respond(to: nack([90, 105, 200]), from: history, at: .milliseconds(100)) { _ in count += 1 }
        #expect(response == .init(resent: 1, notInHistory: 2))
        responder.respond(to: nack([105], mediaSSRC: 0xDEAD), from: history, at: .milliseconds(300)) { _ in count += 1 }
        // Past the maximum age the packet is not resent either.
        responder.respond(to: nack([105]), from: history, at: .seconds(2)) { _ in count += 1 }
        #expect(count == 1)
        #expect(responder.counters == .init(nackMessages: 3, requested: 4, resent: 1, resentBytes: videoPacket(0).marshaledSize,
                                            rateLimited: 0, notInHistory: 3, foreignSSRC: 1))
    }

    @Test("Two peers share one history: each gets its own RTX numbering and its own rate limit")
    func sharedHistoryTwoPeers() throws {
        let history = try makeHistory(storing: 500, count: 50)
        var peerA = RTPNACKResponder(configuration: .init(retransmission: .init(ssrc: 0xA, payloadType: 97, initialSequenceNumber: 10)))
        var peerB = RTPNACKResponder(configuration: .init(retransmission: .init(ssrc: 0xB, payloadType: 99, initialSequenceNumber: 7000)))
        var sentA = SentPackets()
        var sentB = SentPackets()
        peerA.respond(to: nack([510, 511]), from: history, at: .milliseconds(600), roundTripTime: .milliseconds(80)) { sentA.record($0) }
        // Peer B lost the same packet 511 and another; A's recent resend of 511 does not limit B.
        peerB.respond(to: nack([511, 530]), from: history, at: .milliseconds(610), roundTripTime: .milliseconds(80)) { sentB.record($0) }
        peerA.respond(to: nack([511, 512]), from: history, at: .milliseconds(620), roundTripTime: .milliseconds(80)) { sentA.record($0) }
        #expect(sentA.packets.map(\.header.sequenceNumber) == [10, 11, 12])
        #expect(sentB.packets.map(\.header.sequenceNumber) == [7000, 7001])
        let originalsA = try sentA.packets.map { try RTPRetransmission.unwrap($0, originalSSRC: testMediaSSRC, originalPayloadType: 102) }
        let originalsB = try sentB.packets.map { try RTPRetransmission.unwrap($0, originalSSRC: testMediaSSRC, originalPayloadType: 102) }
        #expect(originalsA == [videoPacket(510), videoPacket(511), videoPacket(512)])
        #expect(originalsB == [videoPacket(511), videoPacket(530)])
        #expect(peerA.counters.rateLimited == 1)
        #expect(peerB.counters.rateLimited == 0)
        #expect(history.count == 50)
    }
}
