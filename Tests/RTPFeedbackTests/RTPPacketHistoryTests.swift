import RTP
import Testing
@testable import RTPFeedback

@Suite("RTP packet history (one per stream, shared by its peers)")
struct RTPPacketHistoryTests {
    @Test("Every stored packet is found by sequence number, byte for byte")
    func lookup() throws {
        let history = try makeHistory(storing: 100, count: 50)
        for sequenceNumber in UInt16(100)..<150 {
            #expect(history.packet(sequenceNumber: sequenceNumber, at: .milliseconds(500)) == videoPacket(sequenceNumber))
        }
        #expect(history.packet(sequenceNumber: 99, at: .milliseconds(500)) == nil)
        #expect(history.packet(sequenceNumber: 150, at: .milliseconds(500)) == nil)
        #expect(history.count == 50)
        #expect(history.storedBytes == 50 * videoPacket(0).marshaledSize)
    }

    @Test("Lookups work across the sequence-number wrap")
    func wrap() throws {
        let history = try makeHistory(storing: 65530, count: 12)
        for offset in UInt16(0)..<12 {
            let sequenceNumber = 65530 &+ offset
            #expect(history.packet(sequenceNumber: sequenceNumber, at: .milliseconds(100))?.header.sequenceNumber == sequenceNumber)
        }
    }

    @Test("A packet older than the maximum age is not returned",
          arguments: [(Duration.milliseconds(300), UInt16?.some(0)), (.milliseconds(1_000), 0), (.milliseconds(1_500), 50),
                      (.milliseconds(1_990), 99), (.milliseconds(2_000), nil)])
    func ageBoundOnLookup(lookupAt: Duration, firstReturned: UInt16?) throws {
        // Packets 0..<100 sent at 0, 10, …, 990 ms; maximum age 1 s.
        let history = try makeHistory(storing: 0, count: 100, configuration: .init(maximumAge: .seconds(1)))
        #expect((UInt16(0)..<100).first { history.packet(sequenceNumber: $0, at: lookupAt) != nil } == firstReturned)
    }

    @Test("Expired packets are evicted, by evictExpired and by the next store")
    func evictionByAge() throws {
        var history = try makeHistory(storing: 0, count: 100, configuration: .init(maximumAge: .seconds(1)))
        history.evictExpired(at: .milliseconds(1_500))
        #expect(history.count == 50)  // sent at 500…990 ms
        #expect(history.evictedByAge == 50)
        #expect(history.storedBytes == 50 * videoPacket(0).marshaledSize)
        try history.store(videoPacket(100), sentAt: .milliseconds(1_800))
        #expect(history.count == 21)  // 80…100
        #expect(history.packet(sequenceNumber: 80, at: .milliseconds(1_800)) != nil)
    }

    @Test("The byte bound evicts the oldest packets first")
    func evictionByBytes() throws {
        let size = videoPacket(0, payloadSize: 1000).marshaledSize
        let history = try makeHistory(storing: 0, count: 30, configuration: .init(maximumBytes: 10 * size), payloadSize: 1000)
        #expect(history.count == 10)
        #expect(history.storedBytes == 10 * size)
        #expect(history.evictedBySize == 20)
        #expect(history.packet(sequenceNumber: 19, at: .milliseconds(300)) == nil)
        #expect(history.packet(sequenceNumber: 20, at: .milliseconds(300)) != nil)
        #expect(history.packet(sequenceNumber: 29, at: .milliseconds(300)) != nil)
    }

    @Test("The slot ring keeps the newest slotCount packets, also after a jump forward")
    func evictionBySlots() throws {
        var history = try makeHistory(storing: 0, count: 40, configuration: .init(slotCount: 16))
        #expect(history.count == 16)
        #expect(history.packet(sequenceNumber: 23, at: .milliseconds(400)) == nil)
        #expect(history.packet(sequenceNumber: 24, at: .milliseconds(400)) != nil)
        try history.store(videoPacket(1000), sentAt: .milliseconds(400))
        #expect(history.count == 1)
        #expect(history.packet(sequenceNumber: 39, at: .milliseconds(400)) == nil)
        #expect(history.packet(sequenceNumber: 1000, at: .milliseconds(400)) == videoPacket(1000))
    }

    @Test("Marshaled bytes are stored as given and located for RTX")
    func storesMarshaledBytes() throws {
        var history = RTPPacketHistory()
        var packet = videoPacket(7)
        packet.header.csrcs = [1, 2]
        packet.paddingSize = 4
        let bytes = try packet.marshaled()
        try bytes.withUnsafeBytes { try history.store($0, sentAt: .zero) }
        let stored = history.withPacket(sequenceNumber: 7, at: .zero) { ($0.payloadOffset, Array($0.bytes)) }
        #expect(stored?.0 == 12 + 8)
        #expect(stored?.1 == bytes)
    }

    @Test("Bad input is refused with the rule it breaks and leaves the history unchanged",
          arguments: [
              (RTPPacket(header: RTPHeader(payloadType: 102, sequenceNumber: 10, timestamp: 0, ssrc: 0x9999), payload: [1]),
               RTPPacketHistoryError.rfc3550ForeignSSRC(expected: testMediaSSRC, received: 0x9999)),
              (videoPacket(4), .rfc3550SequenceNumberNotAdvancing(sequenceNumber: 4, newest: 4)),
              (videoPacket(2), .rfc3550SequenceNumberNotAdvancing(sequenceNumber: 2, newest: 4)),
              (videoPacket(5, payloadSize: 5000), .packetLargerThanHistory(size: 5012, maximumBytes: 4096)),
          ])
    func refusesBadInput(packet: RTPPacket, expected: RTPPacketHistoryError) throws {
        var history = try makeHistory(storing: 0, count: 5, configuration: .init(maximumBytes: 4096))
        #expect(throws: expected) { try history.store(packet, sentAt: .milliseconds(60)) }
        #expect(history.count == 5)
        #expect(history.packet(sequenceNumber: 4, at: .milliseconds(60)) == videoPacket(4))
    }

    @Test("Bytes that are not RTP are refused with the parser's error")
    func refusesGarbage() {
        var history = RTPPacketHistory()
        let garbage: [UInt8] = [0x40, 0, 0, 1]
        #expect(throws: RTPPacketHistoryError.malformedPacket(.rfc3550HeaderTruncated(needed: 12, available: 4))) {
            try garbage.withUnsafeBytes { try history.store($0, sentAt: .zero) }
        }
        #expect(history.ssrc == nil)
    }
}

@Suite("Storage reuse on the send path")
struct RTPFeedbackStorageReuseTests {
    @Test("Once the ring has lapped, a slot's buffer is reused: the packet one lap later sits at the same address")
    func historyReusesSlotBuffers() throws {
        var history = RTPPacketHistory(configuration: .init(maximumAge: .seconds(60), slotCount: 64))
        func address(_ sequenceNumber: UInt16) -> UInt? {
            history.withPacket(sequenceNumber: sequenceNumber, at: .seconds(1)) { stored in
                stored.bytes.baseAddress.map { UInt(bitPattern: $0) }
            } ?? nil
        }
        for number in UInt16(0)..<64 { try history.store(videoPacket(number, payloadSize: 1100), sentAt: .zero) }
        let firstLap = (UInt16(0)..<64).map(address)
        var marshaled: [UInt8] = []
        for number in UInt16(64)..<128 {
            marshaled.removeAll(keepingCapacity: true)
            try videoPacket(number, payloadSize: 1000).marshal(appendingTo: &marshaled)
            try marshaled.withUnsafeBytes { try history.store($0, sentAt: .zero) }
        }
        let secondLap = (UInt16(64)..<128).map(address)
        #expect(firstLap.allSatisfy { $0 != nil })
        #expect(secondLap == firstLap)
    }

    @Test("The NACK responder builds every RTX packet in the same buffer")
    func responderReusesPacketBuffer() throws {
        let history = try makeHistory(storing: 0, count: 50, payloadSize: 1100)
        var responder = RTPNACKResponder(configuration: .init(retransmission: .init(ssrc: 1, payloadType: 96, initialSequenceNumber: 0)))
        var addresses = Set<UInt>()
        var sends = 0
        for first in stride(from: UInt16(0), to: 50, by: 5) {
            responder.respond(to: nack(Array(first..<first + 5)), from: history, at: .milliseconds(600)) { datagram in
                sends += 1
                if let base = datagram.baseAddress { addresses.insert(UInt(bitPattern: base)) }
            }
        }
        #expect(sends == 50)
        #expect(addresses.count == 1)
    }
}
