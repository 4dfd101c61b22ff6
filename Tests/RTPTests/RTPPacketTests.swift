import Testing
@testable import RTP

@Suite("RTP packet (RFC 3550 §5.1)")
struct RTPPacketTests {
    /// A minimal packet written out by hand from the RFC 3550 §5.1 header diagram.
    static let minimal: [UInt8] = [
        0x80, 0xE0, 0x69, 0x8F,  // V=2, M=1, PT=96, seq 27023
        0xD9, 0xC2, 0x93, 0xDA,  // timestamp
        0x1C, 0x64, 0x27, 0x82,  // SSRC
        0x98, 0x36, 0xBE, 0x88,  // payload
    ]

    @Test("RFC 3550 §5.1 fixed header parses field by field and re-marshals to the same bytes")
    func minimalPacket() throws {
        let packet = try RTPPacket(unmarshaling: Self.minimal)
        #expect(packet.header == RTPHeader(marker: true, payloadType: 96, sequenceNumber: 27023,
                                           timestamp: 0xD9C2_93DA, ssrc: 0x1C64_2782))
        #expect(packet.payload == [0x98, 0x36, 0xBE, 0x88])
        #expect(packet.paddingSize == 0)
        #expect(try packet.marshaled() == Self.minimal)
    }

    @Test("aiortc one-byte extension packet (RFC 8285 §4.2) parses and re-marshals byte for byte")
    func aiortcOneByte() throws {
        let packet = try RTPPacket(unmarshaling: AiortcRTPVectors.oneByteExtensions)
        #expect(packet.header.marker)
        #expect(packet.header.payloadType == 96)
        #expect(packet.header.sequenceNumber == 0x1234)
        #expect(packet.header.timestamp == 0xDEAD_BEEF)
        #expect(packet.header.headerExtension == .oneByte([
            RTPHeaderExtensionElement(id: 1, value: [0x30]),
            RTPHeaderExtensionElement(id: 3, value: [0, 1, 2]),
            RTPHeaderExtensionElement(id: 14, value: Array(0..<16)),
        ]))
        #expect(packet.payload == [0x65, 0x88, 0x84])
        #expect(try packet.marshaled() == AiortcRTPVectors.oneByteExtensions)
    }

    @Test("aiortc two-byte extension packet with CSRCs and padding (RFC 8285 §4.3) round-trips")
    func aiortcTwoByte() throws {
        let packet = try RTPPacket(unmarshaling: AiortcRTPVectors.twoByteExtensions)
        #expect(!packet.header.marker)
        #expect(packet.header.payloadType == 111)
        #expect(packet.header.sequenceNumber == 65535)
        #expect(packet.header.csrcs == [0x0102_0304, 0x0506_0708])
        #expect(packet.header.headerExtension == .twoByte(appBits: 0, [
            RTPHeaderExtensionElement(id: 1, value: []),
            RTPHeaderExtensionElement(id: 20, value: Array(repeating: 0x78, count: 20)),
            RTPHeaderExtensionElement(id: 255, value: [0xFF]),
        ]))
        #expect(packet.payload == [0xF8, 0xFF, 0xFE])
        #expect(packet.paddingSize == 4)
        #expect(try packet.marshaled() == AiortcRTPVectors.twoByteExtensions)
    }

    @Test("Marshaling into a caller buffer reports the size and refuses a buffer that is too small")
    func marshalIntoBuffer() throws {
        let packet = try RTPPacket(unmarshaling: AiortcRTPVectors.twoByteExtensions)
        var buffer = [UInt8](repeating: 0xAA, count: 1500)
        let written = try buffer.withUnsafeMutableBytes { try packet.marshal(into: $0) }
        #expect(written == AiortcRTPVectors.twoByteExtensions.count)
        #expect(Array(buffer[..<written]) == AiortcRTPVectors.twoByteExtensions)
        #expect(buffer[written] == 0xAA)
        var small = [UInt8](repeating: 0, count: written - 1)
        #expect(throws: RTPPacketError.bufferTooSmall(needed: written, available: written - 1)) {
            try small.withUnsafeMutableBytes { try packet.marshal(into: $0) }
        }
    }

    @Test("Appending to a kept array reuses its storage (no reallocation per packet)")
    func appendReusesStorage() throws {
        let packet = try RTPPacket(unmarshaling: Self.minimal)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1500)
        let storage = buffer.withUnsafeBufferPointer { $0.baseAddress }
        for _ in 0..<100 {
            buffer.removeAll(keepingCapacity: true)
            try packet.marshal(appendingTo: &buffer)
        }
        #expect(buffer == Self.minimal)
        #expect(buffer.withUnsafeBufferPointer { $0.baseAddress } == storage)
    }

    @Test("Header marshals on its own so a payload can follow it in the same buffer")
    func headerAlone() throws {
        let header = RTPHeader(payloadType: 111, sequenceNumber: 1, timestamp: 960, ssrc: 7,
                               headerExtension: RTPHeaderExtension(elements: [.init(id: 4, value: [1, 2])]))
        var buffer = [UInt8](repeating: 0, count: 64)
        let size = try buffer.withUnsafeMutableBytes { try header.marshal(into: $0) }
        #expect(size == header.marshaledSize)
        #expect(size == 12 + 4 + 4)
        let layout = try buffer.withUnsafeBytes { try RTPHeader.unmarshal(packet: UnsafeRawBufferPointer(rebasing: $0[..<size])) }
        #expect(layout.header == header)
        #expect(layout.payload == size..<size)
    }

    static let malformed: [([UInt8], RTPPacketError)] = [
        ([], .rfc3550HeaderTruncated(needed: 12, available: 0)),
        (Array(minimal[..<11]), .rfc3550HeaderTruncated(needed: 12, available: 11)),
        ([0x40] + minimal[1...], .rfc3550VersionNotTwo(1)),
        ([0x00] + minimal[1...], .rfc3550VersionNotTwo(0)),
        ([0x82] + minimal[1...], .rfc3550HeaderTruncated(needed: 20, available: 16)),  // CC=2, only 4 bytes follow
        ([0x90] + minimal[1...], .rfc3550ExtensionTruncated(needed: 16 + 0xBE88 * 4, available: 16)),  // X set, length 0xBE88 words
        ([0x90] + minimal[1..<12] + [0xBE, 0xDE], .rfc3550ExtensionTruncated(needed: 16, available: 14)),
        ([0xA0] + minimal[1..<15] + [0x00], .rfc3550PaddingCountZero),
        ([0xA0] + minimal[1..<15] + [0x05], .rfc3550PaddingBeyondPayload(padding: 5, available: 4)),
        ([0x90] + minimal[1..<12] + [0xBE, 0xDE, 0x00, 0x01, 0x13, 0xAA, 0x00, 0x00], .rfc8285ElementBeyondExtension(id: 1)),
        ([0x90] + minimal[1..<12] + [0x10, 0x00, 0x00, 0x01, 0x05, 0x04, 0xAA, 0xBB], .rfc8285ElementBeyondExtension(id: 5)),
    ]

    @Test("Malformed packets fail with the rule they break", arguments: malformed)
    func malformedPackets(bytes: [UInt8], expected: RTPPacketError) {
        #expect(throws: expected) { try RTPPacket(unmarshaling: bytes) }
    }

    static let unmarshalable: [(RTPPacket, RTPPacketError)] = [
        (RTPPacket(header: RTPHeader(payloadType: 128, sequenceNumber: 0, timestamp: 0, ssrc: 0), payload: []),
         .rfc3550PayloadTypeOutOfRange(128)),
        (RTPPacket(header: RTPHeader(payloadType: 96, sequenceNumber: 0, timestamp: 0, ssrc: 0, csrcs: Array(0..<16)), payload: []),
         .rfc3550TooManyCSRCs(16)),
        (RTPPacket(header: RTPHeader(payloadType: 96, sequenceNumber: 0, timestamp: 0, ssrc: 0), payload: [], paddingSize: 256),
         .rfc3550PaddingSizeOutOfRange(256)),
        (RTPPacket(header: RTPHeader(payloadType: 96, sequenceNumber: 0, timestamp: 0, ssrc: 0,
                                     headerExtension: .oneByte([.init(id: 15, value: [1])])), payload: []),
         .rfc8285ElementIDOutOfRange(id: 15)),
        (RTPPacket(header: RTPHeader(payloadType: 96, sequenceNumber: 0, timestamp: 0, ssrc: 0,
                                     headerExtension: .oneByte([.init(id: 2, value: [])])), payload: []),
         .rfc8285ElementLengthOutOfRange(id: 2, length: 0)),
        (RTPPacket(header: RTPHeader(payloadType: 96, sequenceNumber: 0, timestamp: 0, ssrc: 0,
                                     headerExtension: .twoByte(appBits: 0, [.init(id: 0, value: [1])])), payload: []),
         .rfc8285ElementIDOutOfRange(id: 0)),
        (RTPPacket(header: RTPHeader(payloadType: 96, sequenceNumber: 0, timestamp: 0, ssrc: 0,
                                     headerExtension: .generic(profile: 0x1234, data: [1, 2, 3])), payload: []),
         .rfc3550ExtensionNotWordAligned(length: 3)),
    ]

    @Test("Packets that cannot exist on the wire are refused before anything is written", arguments: unmarshalable)
    func unmarshalablePackets(packet: RTPPacket, expected: RTPPacketError) {
        #expect(throws: expected) { try packet.marshaled() }
    }
}
