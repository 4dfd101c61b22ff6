import Testing
import RTP

@Suite("RTX retransmission format (RFC 4588 §4)")
struct RTPRetransmissionTests {
    static let original = RTPPacket(
        header: RTPHeader(marker: true, payloadType: 102, sequenceNumber: 0xBEEF, timestamp: 90_000, ssrc: 0x1111_1111,
                          headerExtension: RTPHeaderExtension(elements: [.init(id: 3, value: [0x00, 0x07])])),
        payload: [0x7C, 0x45, 0xAA, 0xBB])

    @Test("Wrap puts the OSN before the payload and moves the packet to the RTX SSRC, type and sequence")
    func wrap() throws {
        let rtx = RTPRetransmission.wrap(Self.original, ssrc: 0x2222_2222, payloadType: 103, sequenceNumber: 5)
        #expect(rtx.payload == [0xBE, 0xEF, 0x7C, 0x45, 0xAA, 0xBB])
        #expect(rtx.header.ssrc == 0x2222_2222)
        #expect(rtx.header.payloadType == 103)
        #expect(rtx.header.sequenceNumber == 5)
        #expect(rtx.header.timestamp == 90_000 && rtx.header.marker)
        #expect(rtx.header.headerExtension == Self.original.header.headerExtension)
        let onWire = try RTPPacket(unmarshaling: rtx.marshaled())
        #expect(try RTPRetransmission.unwrap(onWire, originalSSRC: 0x1111_1111, originalPayloadType: 102) == Self.original)
    }

    @Test("An RTX payload without the OSN is refused")
    func missingOSN() {
        let rtx = RTPPacket(header: RTPHeader(payloadType: 103, sequenceNumber: 1, timestamp: 0, ssrc: 2), payload: [0x01])
        #expect(throws: RTPPacketError.rfc4588MissingOriginalSequenceNumber) {
            try RTPRetransmission.unwrap(rtx, originalSSRC: 1, originalPayloadType: 102)
        }
    }
}
