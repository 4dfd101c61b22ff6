import Testing
@testable import RTP

@Suite("H264 payloader (RFC 6184 non-interleaved mode)")
struct H264RTPPayloaderTests {
    private func payloads(_ accessUnit: [UInt8], budget: Int = 1200) throws -> [(payload: [UInt8], isLast: Bool)] {
        var payloader = try H264RTPPayloader(maximumPayloadSize: budget)
        var out: [(payload: [UInt8], isLast: Bool)] = []
        try accessUnit.withUnsafeBytes { bytes in
            try payloader.packetize(accessUnit: bytes) { out.append((Array($0), $1)) }
        }
        return out
    }

    static let sps: [UInt8] = [0x67, 0x42, 0xC0, 0x1F, 0xDA, 0x01, 0x40, 0x16, 0xE8]
    static let pps: [UInt8] = [0x68, 0xCE, 0x3C, 0x80]

    @Test("RFC 6184 §5.7.1 STAP-A: SPS + PPS + small IDR share one packet with sizes before each unit")
    func stapA() throws {
        let idr = nalUnit(type: 5, size: 50)
        let out = try payloads(annexB([Self.sps, Self.pps, idr]))
        #expect(out.count == 1)
        #expect(out[0].isLast)
        let expected: [UInt8] = [0x78]  // F=0, NRI=3 (max of units), type 24
            + [0x00, 0x09] + Self.sps + [0x00, 0x04] + Self.pps + [0x00, 0x32] + idr
        #expect(out[0].payload == expected)
    }

    @Test("RFC 6184 §5.7.1: STAP-A NRI is the highest NRI of the aggregated units")
    func stapANRI() throws {
        let out = try payloads(annexB([[0x06, 0x05, 0x01, 0x80], [0x21, 0xAA]]))  // SEI NRI 0, slice NRI 1
        #expect(out.map(\.payload) == [[0x38, 0x00, 0x04, 0x06, 0x05, 0x01, 0x80, 0x00, 0x02, 0x21, 0xAA]])
    }

    @Test("RFC 6184 §5.6: a unit that fits alone but not with its neighbour goes as a single NAL unit")
    func singleNALUnit() throws {
        let slice = nalUnit(type: 1, size: 1100, nri: 2)
        let out = try payloads(annexB([Self.sps, slice]), budget: 1100)
        #expect(out.map(\.payload) == [Self.sps, slice])
        #expect(out.map(\.isLast) == [false, true])
    }

    @Test("RFC 6184 §5.8 FU-A: fragments fit the budget, are balanced, and carry S/E and the NAL type",
          arguments: [1200, 500, 100, 3])
    func fuA(budget: Int) throws {
        let idr = nalUnit(type: 5, size: 5000)
        let out = try payloads(annexB([idr]), budget: budget)
        let expectedCount = (idr.count - 1 + budget - 3) / (budget - 2)
        #expect(out.count == expectedCount)
        #expect(out.allSatisfy { $0.payload.count <= budget })
        let sizes = out.map(\.payload.count)
        #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
        for (index, packet) in out.enumerated() {
            #expect(packet.payload[0] == 0x7C)  // F=0, NRI=3, type 28
            let start: UInt8 = index == 0 ? 0x80 : 0
            let end: UInt8 = index == out.count - 1 ? 0x40 : 0
            #expect(packet.payload[1] == start | end | 5)
            #expect(packet.isLast == (index == out.count - 1))
        }
        #expect(Array(out.flatMap { $0.payload.dropFirst(2) }) == Array(idr.dropFirst()))
    }

    @Test("Marker goes only on the last packet of the access unit (RFC 6184 §5.1)")
    func marker() throws {
        var payloader = try H264RTPPayloader()
        var sequencer = RTPSequencer(ssrc: 42, payloadType: 102, initialSequenceNumber: 65534)
        let packets = try payloader.packetize(accessUnit: annexB([Self.sps, Self.pps, nalUnit(type: 5, size: 3000)]),
                                              rtpTimestamp: 90_000, sequencer: &sequencer)
        #expect(packets.map(\.header.marker) == [false, false, false, true])
        #expect(packets.map(\.header.sequenceNumber) == [65534, 65535, 0, 1])
        #expect(packets.allSatisfy { $0.header.timestamp == 90_000 && $0.header.ssrc == 42 })
        #expect(sequencer.nextSequenceNumber == 2)
    }

    static let scannerCases: [([UInt8], [[UInt8]])] = [
        ([0, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x68, 0xCE], [[0x67, 0x42], [0x68, 0xCE]]),  // 4- then 3-byte start code
        ([0, 0, 1, 0x65, 0x00, 0x00, 0x03, 0x01, 0x00, 0x00], [[0x65, 0x00, 0x00, 0x03, 0x01]]),  // emulation prevention kept, trailing zeros dropped
        ([0, 0, 0, 0, 0, 1, 0x09, 0xF0, 0, 0, 0, 1, 0x41, 0x9A], [[0x09, 0xF0], [0x41, 0x9A]]),  // leading zero_bytes
        ([0, 0, 1, 0, 0, 1, 0x41], [[0x41]]),  // empty NAL skipped
        ([0, 0, 1], []),
    ]

    @Test("Annex-B scanner finds each NAL unit between start codes", arguments: scannerCases)
    func scanner(bytes: [UInt8], expected: [[UInt8]]) {
        let found = bytes.withUnsafeBytes { buffer in H264AnnexBScanner(buffer).map { Array(buffer[$0]) } }
        #expect(found == expected)
    }

    static let badInput: [([UInt8], H264RTPPayloaderError)] = [
        ([0x65, 0x88, 0x84], .annexBMissingStartCode),
        ([0x01, 0, 0, 1, 0x65], .annexBMissingStartCode),
        ([0, 0, 0, 1], .emptyAccessUnit),
        ([0, 0, 0, 1, 0xE5, 0x01], .h264ForbiddenZeroBitSet(offset: 4)),
    ]

    @Test("Unusable access units are refused with a reason, nothing emitted", arguments: badInput)
    func refused(bytes: [UInt8], expected: H264RTPPayloaderError) throws {
        var emitted = 0
        var payloader = try H264RTPPayloader()
        #expect(throws: expected) {
            try bytes.withUnsafeBytes { try payloader.packetize(accessUnit: $0) { _, _ in emitted += 1 } }
        }
        #expect(emitted == 0)
    }

    @Test("A budget below an FU-A header plus one byte is refused")
    func tinyBudget() {
        #expect(throws: H264RTPPayloaderError.payloadBudgetTooSmall(2)) { try H264RTPPayloader(maximumPayloadSize: 2) }
    }

    @Test("Real x264 access units packetize into the same payloads aiortc makes with the same budget")
    func matchesAiortc() throws {
        let fixture = try AiortcH264Fixture.load()
        #expect(fixture.frames.count == 3)
        for frame in fixture.frames {
            // aiortc: PACKET_MAX 1300, STAP-A of at most 9 units, same balanced FU-A split.
            let out = try payloads(frame.accessUnit, budget: 1300)
            let same = out.map(\.payload) == frame.payloads
            #expect(same, "\(out.map(\.payload.count)) vs aiortc \(frame.payloads.map(\.count))")
        }
    }
}
