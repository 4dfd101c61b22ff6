import Testing
@testable import RTCP

@Suite("RTCP malformed input, raw packets and compound rules")
struct RTCPMalformedTests {
    static let ssrc: [UInt8] = [0x90, 0x2F, 0x9E, 0x2E]

    static let malformed: [([UInt8], RTCPError)] = [
        ([], .rfc3550CompoundEmpty),
        ([0x81, 0xC8, 0x00], .rfc3550HeaderTruncated(available: 3)),
        ([0x41, 0xC9, 0x00, 0x01] + ssrc, .rfc3550VersionNotTwo(1)),
        ([0x80, 0xC9, 0x00, 0x02] + ssrc, .rfc3550LengthBeyondBuffer(declared: 12, available: 8)),
        ([0xA0, 0xC9, 0x00, 0x01, 0x90, 0x2F, 0x9E, 0x00], .rfc3550PaddingCountZero),
        ([0xA0, 0xC9, 0x00, 0x01, 0x90, 0x2F, 0x9E, 0x09], .rfc3550PaddingBeyondPacket(padding: 9, available: 4)),
        ([0x81, 0xC9, 0x00, 0x01] + ssrc, .rfc3550ReportBlocksTruncated(count: 1)),
        ([0xA0, 0xC9, 0x00, 0x02] + ssrc + [0xAA, 0xBB, 0xCC, 0x02], .rfc3550BodyNotWordAligned(2)),
        ([0x81, 0xCA, 0x00, 0x02] + ssrc + [0x01, 0x02, 0x61, 0x62], .rfc3550SDESChunkNotTerminated),
        ([0x81, 0xCA, 0x00, 0x02] + ssrc + [0x01, 0x09, 0x61, 0x62], .rfc3550SDESChunkTruncated),
        ([0x82, 0xCA, 0x00, 0x02] + ssrc + [0x00, 0x00, 0x00, 0x00], .rfc3550SDESChunkTruncated),
        ([0x81, 0xCB, 0x00, 0x02] + ssrc + [0x05, 0x61, 0x62, 0x63], .rfc3550BYEReasonInvalid),
        ([0x82, 0xCB, 0x00, 0x01] + ssrc, .rfc3550ReportBlocksTruncated(count: 2)),
        ([0x81, 0xCE, 0x00, 0x01] + ssrc, .rfc4585FeedbackTruncated),
        ([0x81, 0xCD, 0x00, 0x03] + ssrc + ssrc + [0x00, 0x01], .rfc3550LengthBeyondBuffer(declared: 16, available: 14)),
        ([0x84, 0xCE, 0x00, 0x03] + ssrc + ssrc + [1, 2, 3, 4], .rfc5104FIREntryTruncated),
        ([0x8F, 0xCE, 0x00, 0x04] + ssrc + [0, 0, 0, 0] + Array("REMB".utf8) + [0x02, 0x00, 0x00, 0x01],
         .rembTruncated),
        ([0x8F, 0xCE, 0x00, 0x04] + ssrc + [0, 0, 0, 0] + Array("REMB".utf8) + [0x00, 0xFF, 0xFF, 0xFF],
         .rembBitrateOverflow),
    ]

    @Test("Malformed datagrams fail with the rule they break", arguments: malformed)
    func malformedDatagram(bytes: [UInt8], expected: RTCPError) {
        #expect(throws: expected) { try RTCPCompoundPacket(unmarshaling: bytes) }
    }

    @Test("A typed parser refuses another type and trailing bytes")
    func typedParserChecks() throws {
        let pli = try RTCPPictureLossIndication(senderSSRC: 1, mediaSSRC: 2).marshaled()
        #expect(throws: RTCPError.unexpectedPacketType(expected: 205, format: 1, received: 206, receivedFormat: 1)) {
            try RTCPGenericNACK(unmarshaling: pli)
        }
        #expect(throws: RTCPError.unexpectedPacketType(expected: 206, format: 4, received: 206, receivedFormat: 1)) {
            try RTCPFullIntraRequest(unmarshaling: pli)
        }
        #expect(throws: RTCPError.rfc3550TrailingBytes(declared: 12, available: 16)) {
            try RTCPPictureLossIndication(unmarshaling: pli + [0, 0, 0, 0])
        }
    }

    static let rawPackets: [[UInt8]] = [
        [0x81, 0xCC, 0x00, 0x03] + ssrc + Array("PCAM".utf8) + [1, 2, 3, 4],  // APP (RFC 3550 §6.7), subtype 1
        [0x80, 0xCF, 0x00, 0x02] + ssrc + [0x04, 0x00, 0x00, 0x00],  // XR (RFC 3611): not interpreted here
        [0x8F, 0xCE, 0x00, 0x03] + ssrc + [0, 0, 0, 0] + Array("ABCD".utf8),  // PSFB AFB that is not REMB
        [0x85, 0xCD, 0x00, 0x02] + ssrc + ssrc,  // RTPFB FMT 5 (TMMBN-like): unknown format
        [0x80, 0xC0, 0x00, 0x00],  // PT 192: unassigned, empty body
    ]

    @Test("APP, XR and unknown types or formats are kept as raw packets and re-marshal unchanged", arguments: rawPackets)
    func raw(bytes: [UInt8]) throws {
        let packet = try RTCPPacket(unmarshaling: bytes)
        guard case .raw(let raw) = packet else {
            Issue.record("expected raw, got \(packet)")
            return
        }
        #expect(raw.packetType == bytes[1])
        #expect(raw.count == bytes[0] & 0x1F)
        #expect(raw.body == Array(bytes[4...]))
        #expect(try raw.marshaled() == bytes)
    }

    @Test("Padding on the last packet is removed before parsing (RFC 3550 §6.4.1)")
    func padding() throws {
        let bytes: [UInt8] = [0xA1, 0xCB, 0x00, 0x02] + Self.ssrc + [0, 0, 0, 4]
        #expect(try RTCPCompoundPacket(unmarshaling: bytes).packets == [.goodbye(RTCPGoodbye(sources: [0x902F_9E2E]))])
    }

    @Test("Padding on a packet that is not last: refused under RFC 3550 compound rules, accepted in reduced-size mode")
    func paddingNotLast() throws {
        let bytes: [UInt8] = [0xA0, 0xC9, 0x00, 0x02] + Self.ssrc + [0, 0, 0, 4] + [0x80, 0xC9, 0x00, 0x01] + Self.ssrc
        #expect(throws: RTCPError.rfc3550PaddingNotInLastPacket) { try RTCPCompoundPacket(unmarshaling: bytes, rules: .rfc3550Compound) }
        #expect(try RTCPCompoundPacket(unmarshaling: bytes).packets.count == 2)
    }

    @Test("RFC 5506 reduced-size: a lone PLI is accepted, unless strict RFC 3550 compound rules are asked for")
    func reducedSize() throws {
        let pli = try RTCPPictureLossIndication(senderSSRC: 1, mediaSSRC: 2).marshaled()
        #expect(try RTCPCompoundPacket(unmarshaling: pli).packets == [.pictureLossIndication(.init(senderSSRC: 1, mediaSSRC: 2))])
        #expect(throws: RTCPError.rfc3550CompoundMustStartWithReport(packetType: 206)) {
            try RTCPCompoundPacket(unmarshaling: pli, rules: .rfc3550Compound)
        }
    }

    @Test("A receiver's typical compound (RR + SDES + REMB + NACK + PLI) round-trips through one buffer")
    func typicalCompound() throws {
        let compound = RTCPCompoundPacket(packets: [
            .receiverReport(RTCPReceiverReport(ssrc: 1, reports: [RTCPAiortcVectorTests.reportA])),
            .sourceDescription(RTCPSourceDescription(chunks: [.init(source: 1, items: [.cname("viewer")])])),
            .receiverEstimatedMaximumBitrate(.init(senderSSRC: 1, bitrate: 1_500_000, ssrcs: [2])),
            .genericNACK(.init(senderSSRC: 1, mediaSSRC: 2, lostSequenceNumbers: [65534, 65535, 0, 5, 20])),
            .pictureLossIndication(.init(senderSSRC: 1, mediaSSRC: 2)),
        ])
        var buffer = [UInt8](repeating: 0, count: 1500)
        let size = try buffer.withUnsafeMutableBytes { try compound.marshal(into: $0) }
        #expect(size == compound.marshaledSize)
        let parsed = try RTCPCompoundPacket(unmarshaling: Array(buffer[..<size]), rules: .rfc3550Compound)
        #expect(parsed == compound)
        var small = [UInt8](repeating: 0, count: size - 4)
        #expect(throws: RTCPError.bufferTooSmall(needed: size, available: size - 4)) {
            try small.withUnsafeMutableBytes { try compound.marshal(into: $0) }
        }
    }

    @Test("Generic NACK packing across the sequence-number wrap", arguments: [
        ([UInt16(65534), 65535, 0, 5, 20], [RTCPGenericNACK.Pair(packetID: 65534, lostBitmask: 0b100_0011), .init(packetID: 20, lostBitmask: 0)]),
        ([7, 7, 8], [.init(packetID: 7, lostBitmask: 1)]),
        ([100, 117], [.init(packetID: 100, lostBitmask: 0), .init(packetID: 117, lostBitmask: 0)]),
        ([100, 116], [.init(packetID: 100, lostBitmask: 0x8000)]),
    ])
    func nackPacking(lost: [UInt16], pairs: [RTCPGenericNACK.Pair]) {
        let nack = RTCPGenericNACK(senderSSRC: 1, mediaSSRC: 2, lostSequenceNumbers: lost)
        #expect(nack.pairs == pairs)
        var unique: [UInt16] = []
        for number in lost where !unique.contains(number) { unique.append(number) }
        #expect(nack.lostSequenceNumbers == unique)
    }

    @Test("REMB bitrates above 18 significant bits are rounded down to what the wire can say", arguments: [
        (UInt64(0), UInt64(0)), (262_143, 262_143), (262_144, 262_144), (1_234_567_891, 1_234_567_168), (UInt64(1) << 60, UInt64(1) << 60),
    ])
    func rembRounding(bitrate: UInt64, onWire: UInt64) throws {
        let remb = RTCPReceiverEstimatedMaximumBitrate(senderSSRC: 1, bitrate: bitrate, ssrcs: [])
        #expect(try RTCPReceiverEstimatedMaximumBitrate(unmarshaling: remb.marshaled()).bitrate == onWire)
    }

    static let unmarshalable: [(RTCPPacket, RTCPError)] = [
        (.receiverReport(RTCPReceiverReport(ssrc: 1, reports: Array(repeating: RTCPAiortcVectorTests.reportB, count: 32))),
         .rfc3550CountOutOfRange(32)),
        (.receiverReport(RTCPReceiverReport(ssrc: 1, reports: [RTCPReceptionReport(
            ssrc: 1, fractionLost: 0, cumulativeLost: 0x80_0000, extendedHighestSequenceNumber: 0, jitter: 0,
            lastSenderReport: 0, delaySinceLastSenderReport: 0)])), .rfc3550CumulativeLostOutOfRange(0x80_0000)),
        (.senderReport(RTCPSenderReport(ssrc: 1, ntpTimestamp: 0, rtpTimestamp: 0, packetCount: 0, octetCount: 0,
                                        profileExtension: [1, 2])), .rfc3550BodyNotWordAligned(2)),
        (.sourceDescription(RTCPSourceDescription(chunks: [.init(source: 1, items: [.init(type: 1, text: Array(repeating: 0x61, count: 256))])])),
         .rfc3550SDESItemInvalid(type: 1, length: 256)),
        (.sourceDescription(RTCPSourceDescription(chunks: [.init(source: 1, items: [.init(type: 0, text: [])])])),
         .rfc3550SDESItemInvalid(type: 0, length: 0)),
        (.goodbye(RTCPGoodbye(sources: [1], reason: Array(repeating: 0x61, count: 256))), .rfc3550BYEReasonInvalid),
        (.raw(RTCPRawPacket(count: 0, packetType: 204, body: [1, 2, 3])), .rfc3550BodyNotWordAligned(3)),
        (.transportWideFeedback(RTCPTransportWideFeedback(senderSSRC: 1, mediaSSRC: 2, baseSequenceNumber: 0, packetStatusCount: 2,
                                                          referenceTime: 0, feedbackPacketCount: 0,
                                                          chunks: [.runLength(.receivedSmallDelta, count: 1)], receiveDeltas: [1])),
         .twccTruncated),
        (.transportWideFeedback(RTCPTransportWideFeedback(senderSSRC: 1, mediaSSRC: 2, baseSequenceNumber: 0, packetStatusCount: 1,
                                                          referenceTime: 0, feedbackPacketCount: 0,
                                                          chunks: [.runLength(.receivedSmallDelta, count: 1)], receiveDeltas: [-1])),
         .twccDeltaOutOfRange(-1)),
    ]

    @Test("Packets that cannot exist on the wire are refused when marshaling", arguments: unmarshalable)
    func unmarshalablePacket(packet: RTCPPacket, expected: RTCPError) {
        #expect(throws: expected) { try packet.message.marshaled() }
    }

    @Test("BYE with a reason (RFC 3550 §6.6) pads the reason to 32 bits")
    func goodbyeReason() throws {
        let bye = RTCPGoodbye(sources: [1, 2], reason: "camera unplugged")
        let bytes = try bye.marshaled()
        #expect(bytes.count == 4 + 8 + 20)  // 1 length byte + 16 text bytes, padded to 20
        #expect(bytes[12] == 16)
        let parsed = try RTCPGoodbye(unmarshaling: bytes)
        #expect(parsed.reasonText == "camera unplugged")
        #expect(parsed == bye)
    }
}
