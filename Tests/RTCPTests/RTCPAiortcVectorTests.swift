import Testing
@testable import RTCP

/// The packets aiortc.rtcp wrote (AiortcRTCPVectors) against the values they were made from.
@Suite("RTCP packets against aiortc's bytes")
struct RTCPAiortcVectorTests {
    static let reportA = RTCPReceptionReport(ssrc: 0xBC5E_9A40, fractionLost: 0x19, cumulativeLost: 1234,
                                             extendedHighestSequenceNumber: 0x0001_0457, jitter: 273,
                                             lastSenderReport: 0x09F3_6432, delaySinceLastSenderReport: 150_137)
    static let reportB = RTCPReceptionReport(ssrc: 0x0102_0304, fractionLost: 0, cumulativeLost: -5,
                                             extendedHighestSequenceNumber: 0xFFFF_FFFF, jitter: 0,
                                             lastSenderReport: 0, delaySinceLastSenderReport: 0)
    static let senderReport = RTCPSenderReport(ssrc: 0x902F_9E2E, ntpTimestamp: 0xDA8B_D1FC_DDDD_A05A, rtpTimestamp: 0xAAF4_EDD5,
                                               packetCount: 1, octetCount: 2, reports: [reportA])
    static let sourceDescription = RTCPSourceDescription(chunks: [
        .init(source: 0x902F_9E2E, items: [.cname("9c00eb92-1afb-9d49-a47d-91f64eee69f5")]),
        .init(source: 0x0102_0304, items: [.init(type: 1, text: Array("abc".utf8)), .init(type: 2, text: Array("Camera1".utf8))]),
    ])

    /// Checks parse → value and value → bytes for one type.
    private func check<Message: RTCPMessage>(_ bytes: [UInt8], _ expected: Message) throws {
        #expect(try Message(unmarshaling: bytes) == expected)
        #expect(try expected.marshaled() == bytes)
        #expect(expected.marshaledSize == bytes.count)
    }

    @Test("SR (RFC 3550 §6.4.1) with one report block")
    func senderReport() throws {
        try check(AiortcRTCPVectors.senderReport, Self.senderReport)
        #expect(Self.senderReport.compactNTP == 0xD1FC_DDDD)
    }

    @Test("RR (RFC 3550 §6.4.2) with a negative cumulative loss (24-bit two's complement)")
    func receiverReport() throws {
        try check(AiortcRTCPVectors.receiverReport, RTCPReceiverReport(ssrc: 0x902F_9E2E, reports: [Self.reportA, Self.reportB]))
    }

    @Test("SDES (RFC 3550 §6.5) with two chunks, CNAME and NAME")
    func sourceDescription() throws {
        try check(AiortcRTCPVectors.sourceDescription, Self.sourceDescription)
        #expect(Self.sourceDescription.cname(of: 0x902F_9E2E) == "9c00eb92-1afb-9d49-a47d-91f64eee69f5")
        #expect(Self.sourceDescription.cname(of: 0x0102_0304) == "abc")
        #expect(Self.sourceDescription.cname(of: 7) == nil)
    }

    @Test("BYE (RFC 3550 §6.6) with two sources")
    func goodbye() throws {
        try check(AiortcRTCPVectors.goodbye, RTCPGoodbye(sources: [0x902F_9E2E, 0x0102_0304]))
    }

    @Test("PLI (RFC 4585 §6.3.1)")
    func pictureLossIndication() throws {
        try check(AiortcRTCPVectors.pictureLossIndication, RTCPPictureLossIndication(senderSSRC: 0x902F_9E2E, mediaSSRC: 0x4BC4_FCB4))
    }

    @Test("FIR (RFC 5104 §4.3.1) with two entries")
    func fullIntraRequest() throws {
        try check(AiortcRTCPVectors.fullIntraRequest, RTCPFullIntraRequest(senderSSRC: 0x902F_9E2E, entries: [
            .init(ssrc: 0x4BC4_FCB4, sequenceNumber: 7), .init(ssrc: 0x0102_0304, sequenceNumber: 255),
        ]))
    }

    @Test("REMB (draft-alvestrand-rmcat-remb-03 §2.2): 4 Mbit/s for two SSRCs")
    func receiverEstimatedMaximumBitrate() throws {
        try check(AiortcRTCPVectors.receiverEstimatedMaximumBitrate,
                  RTCPReceiverEstimatedMaximumBitrate(senderSSRC: 0x902F_9E2E, bitrate: 4_000_000, ssrcs: [0x4BC4_FCB4, 0x0102_0304]))
    }

    @Test("Generic NACK (RFC 4585 §6.2.1): aiortc's PID/BLP packing equals ours")
    func genericNACK() throws {
        let lost: [UInt16] = [1000, 1001, 1005, 1016, 1017, 1030]
        let nack = RTCPGenericNACK(senderSSRC: 0x902F_9E2E, mediaSSRC: 0x4BC4_FCB4, lostSequenceNumbers: lost)
        #expect(nack.pairs == [.init(packetID: 1000, lostBitmask: 0b1000_0000_0001_0001), .init(packetID: 1017, lostBitmask: 1 << 12)])
        try check(AiortcRTCPVectors.genericNACK, nack)
        #expect(try RTCPGenericNACK(unmarshaling: AiortcRTCPVectors.genericNACK).lostSequenceNumbers == lost)
    }

    @Test("Compound SR + SDES (RFC 3550 §6.1) parses under the strict compound rules and re-marshals")
    func compound() throws {
        let compound = try RTCPCompoundPacket(unmarshaling: AiortcRTCPVectors.compoundSenderReportSourceDescription, rules: .rfc3550Compound)
        #expect(compound.packets == [.senderReport(Self.senderReport), .sourceDescription(Self.sourceDescription)])
        #expect(try compound.marshaled() == AiortcRTCPVectors.compoundSenderReportSourceDescription)
    }

    static let dispatch: [([UInt8], UInt8)] = [
        (AiortcRTCPVectors.senderReport, 200), (AiortcRTCPVectors.receiverReport, 201),
        (AiortcRTCPVectors.sourceDescription, 202), (AiortcRTCPVectors.goodbye, 203),
        (AiortcRTCPVectors.pictureLossIndication, 206), (AiortcRTCPVectors.fullIntraRequest, 206),
        (AiortcRTCPVectors.receiverEstimatedMaximumBitrate, 206), (AiortcRTCPVectors.genericNACK, 205),
    ]

    @Test("RTCPPacket picks the typed case (never raw) for every known type", arguments: dispatch)
    func dispatchesToType(bytes: [UInt8], packetType: UInt8) throws {
        let packet = try RTCPPacket(unmarshaling: bytes)
        if case .raw = packet { Issue.record("known type parsed as raw: \(packet)") }
        #expect(packet.packetType == packetType)
        #expect(try packet.message.marshaled() == bytes)
    }
}
