import Testing
@testable import RTP

@Suite("RTP header extensions (RFC 8285)")
struct RTPHeaderExtensionTests {
    private func parse(profile: UInt16, _ data: [UInt8]) throws -> RTPHeaderExtension {
        try data.withUnsafeBytes { try RTPHeaderExtension.parse(profile: profile, data: $0) }
    }

    @Test("RFC 8285 §4.2 example: padding octets between and after one-byte elements are skipped")
    func oneBytePadding() throws {
        // Element id 1 (1 byte), two padding octets, element id 2 (2 bytes), tail padding.
        let parsed = try parse(profile: 0xBEDE, [0x10, 0xAA, 0x00, 0x00, 0x21, 0xBB, 0xCC, 0x00])
        #expect(parsed == .oneByte([.init(id: 1, value: [0xAA]), .init(id: 2, value: [0xBB, 0xCC])]))
    }

    @Test("RFC 8285 §4.2: id 15 ends processing of the block, whatever follows")
    func oneByteReservedIDStops() throws {
        let parsed = try parse(profile: 0xBEDE, [0x10, 0xAA, 0xF3, 0x21, 0xBB, 0xCC, 0x00, 0x00])
        #expect(parsed == .oneByte([.init(id: 1, value: [0xAA])]))
    }

    @Test("RFC 8285 §4.3: two-byte form allows empty values and the app bits survive a round trip")
    func twoByteAppBits() throws {
        let parsed = try parse(profile: 0x100A, [0x07, 0x00, 0x08, 0x01, 0x55, 0x00, 0x00, 0x00])
        #expect(parsed == .twoByte(appBits: 0xA, [.init(id: 7, value: []), .init(id: 8, value: [0x55])]))
        let packet = RTPPacket(header: RTPHeader(payloadType: 96, sequenceNumber: 1, timestamp: 2, ssrc: 3, headerExtension: parsed),
                               payload: [1])
        #expect(try RTPPacket(unmarshaling: packet.marshaled()) == packet)
        #expect(try packet.marshaled()[12..<14] == [0x10, 0x0A])
    }

    @Test("An unknown profile is kept as opaque words (RFC 3550 §5.3.1)")
    func genericProfile() throws {
        let parsed = try parse(profile: 0xABCD, [1, 2, 3, 4])
        #expect(parsed == .generic(profile: 0xABCD, data: [1, 2, 3, 4]))
        #expect(parsed.elements.isEmpty)
    }

    static let formChoices: [([RTPHeaderExtensionElement], Bool)] = [
        ([.init(id: 1, value: [1])], true),
        ([.init(id: 14, value: Array(repeating: 1, count: 16))], true),
        ([.init(id: 15, value: [1])], false),
        ([.init(id: 1, value: Array(repeating: 1, count: 17))], false),
        ([.init(id: 1, value: [])], false),
        ([.init(id: 1, value: [1]), .init(id: 200, value: [2])], false),
    ]

    @Test("The most compact form that can carry the elements is chosen", arguments: formChoices)
    func formSelection(elements: [RTPHeaderExtensionElement], oneByte: Bool) throws {
        let chosen = RTPHeaderExtension(elements: elements)
        if case .oneByte = chosen { #expect(oneByte) } else { #expect(!oneByte) }
        #expect(chosen.elements == elements)
        let packet = RTPPacket(header: RTPHeader(payloadType: 96, sequenceNumber: 9, timestamp: 9, ssrc: 9, headerExtension: chosen),
                               payload: [0xAB])
        let bytes = try packet.marshaled()
        #expect(bytes.count % 4 == 1)  // header + extension words, then one payload byte
        #expect(try RTPPacket(unmarshaling: bytes) == packet)
    }

    @Test("value(id:) finds an element, e.g. the transport-wide sequence number")
    func lookup() {
        let ext = RTPHeaderExtension(elements: [.init(id: 3, value: [0x01, 0x02]), .init(id: 5, value: [0xFF])])
        #expect(ext.value(id: 5) == [0xFF])
        #expect(ext.value(id: 4) == nil)
    }
}

@Suite("Zero-copy extension lookup")
struct RTPHeaderExtensionLookupTests {
    @Test("Without parsing extensions, elements are still found in place and malformed blocks still refused")
    func lookupInPlace() throws {
        try AiortcRTPVectors.oneByteExtensions.withUnsafeBytes { packet in
            let layout = try RTPHeader.unmarshal(packet: packet, parsingExtensions: false)
            #expect(layout.header.headerExtension == nil)
            #expect(layout.extensionProfile == 0xBEDE)
            #expect(layout.extensionValue(id: 3, in: packet).map(Array.init) == [0, 1, 2])
            #expect(layout.extensionValue(id: 14, in: packet).map(Array.init) == Array(0..<16))
            #expect(layout.extensionValue(id: 2, in: packet) == nil)
            let parsedFully = try RTPHeader.unmarshal(packet: packet)
            #expect(layout.payload == parsedFully.payload)
        }
        try AiortcRTPVectors.twoByteExtensions.withUnsafeBytes { packet in
            let layout = try RTPHeader.unmarshal(packet: packet, parsingExtensions: false)
            #expect(layout.extensionValue(id: 1, in: packet)?.count == 0)
            #expect(layout.extensionValue(id: 255, in: packet).map(Array.init) == [0xFF])
        }
        let broken: [UInt8] = [0x90] + RTPPacketTests.minimal[1..<12] + [0xBE, 0xDE, 0x00, 0x01, 0x13, 0xAA, 0x00, 0x00]
        #expect(throws: RTPPacketError.rfc8285ElementBeyondExtension(id: 1)) {
            try broken.withUnsafeBytes { try RTPHeader.unmarshal(packet: $0, parsingExtensions: false) }
        }
    }
}
