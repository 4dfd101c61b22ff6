import Testing
@testable import RTP
import TestSupport

@Suite("H264 depacketizer (RFC 6184)")
struct H264RTPDepacketizerTests {
    private func depacketize(_ packets: [RTPPacket]) -> [H264RTPDepacketizerOutput] {
        var depacketizer = H264RTPDepacketizer()
        var outputs: [H264RTPDepacketizerOutput] = []
        for packet in packets { outputs += depacketizer.push(packet) }
        depacketizer.flush { outputs.append($0) }
        return outputs
    }

    private func packetize(_ accessUnit: [UInt8], timestamp: UInt32, sequencer: inout RTPSequencer, budget: Int = 1200) throws -> [RTPPacket] {
        var payloader = try H264RTPPayloader(maximumPayloadSize: budget)
        return try payloader.packetize(accessUnit: accessUnit, rtpTimestamp: timestamp, sequencer: &sequencer)
    }

    /// aiortc's packets of real x264 frames, fed one packet at a time.
    private func aiortcPackets() throws -> (frames: [AiortcH264Fixture.Frame], packets: [RTPPacket]) {
        let fixture = try AiortcH264Fixture.load()
        var packets: [RTPPacket] = []
        var sequenceNumber: UInt16 = 65530  // wraps inside the stream
        for (index, frame) in fixture.frames.enumerated() {
            packets += rtpPackets(frame.payloads, firstSequenceNumber: sequenceNumber, timestamp: UInt32(index) * 3000)
            sequenceNumber &+= UInt16(frame.payloads.count)
        }
        return (fixture.frames, packets)
    }

    @Test("aiortc's STAP-A/FU-A packets of real x264 frames reassemble into the encoder's access units")
    func aiortcReassembly() throws {
        let (frames, packets) = try aiortcPackets()
        let outputs = depacketize(packets)
        #expect(outputs.count == frames.count)
        for (output, frame) in zip(outputs, frames) {
            guard case .accessUnit(let unit) = output else {
                Issue.record("expected an access unit, got \(output)")
                continue
            }
            let identical = unit.annexB == frame.accessUnit
            #expect(identical, "access unit of \(frame.accessUnit.count) bytes came out as \(unit.annexB.count)")
        }
        if case .accessUnit(let first) = outputs.first {
            #expect(first.isKeyframe && first.hasParameterSets)
        }
        if case .accessUnit(let second) = outputs.dropFirst().first { #expect(!second.isKeyframe) }
    }

    @Test("Shuffled arrival through a small reorder step still yields every access unit intact",
          arguments: [1 as UInt64, 2, 3, 4, 5, 6, 7, 8])
    func shuffledThroughReorderBuffer(seed: UInt64) throws {
        let (frames, packets) = try aiortcPackets()
        var generator = SeededGenerator(seed: seed)
        // Displace packets by up to 4 positions: realistic network reordering.
        var arrival = packets.enumerated().map { (key: Double($0.offset) + Double.random(in: 0..<4, using: &generator), packet: $0.element) }
        arrival.sort { $0.key < $1.key }
        var reorder = RTPReorderBuffer(capacity: 64, maximumDelay: .milliseconds(50))
        var depacketizer = H264RTPDepacketizer()
        var outputs: [H264RTPDepacketizerOutput] = []
        for (index, item) in arrival.enumerated() {
            let now = Duration.milliseconds(index)
            #expect(reorder.insert(item.packet, at: now) == .buffered)
            while let ready = reorder.popReady(at: now) { outputs += depacketizer.push(ready) }
        }
        let end = Duration.milliseconds(arrival.count) + reorder.maximumDelay
        while let ready = reorder.popReady(at: end) { outputs += depacketizer.push(ready) }
        #expect(reorder.isEmpty)
        #expect(reorder.skippedCount == 0)
        let expected: [H264RTPDepacketizerOutput] = frames.enumerated().map { index, frame in
            .accessUnit(H264AccessUnit(annexB: frame.accessUnit, rtpTimestamp: UInt32(index) * 3000,
                                       isKeyframe: index == 0, hasParameterSets: index == 0))
        }
        let intact = outputs == expected  // compared outside #expect: the arrays are tens of kilobytes
        #expect(intact, "got \(outputs.count) outputs, \(outputs.filter { if case .discarded = $0 { true } else { false } })")
    }

    @Test("Our payloader and depacketizer round-trip access units at many budgets", arguments: [1200, 300, 64, 3])
    func roundTrip(budget: Int) throws {
        var sequencer = RTPSequencer(ssrc: 1, payloadType: 102, initialSequenceNumber: 65000)
        var packets: [RTPPacket] = []
        var units: [[UInt8]] = []
        for index in 0..<5 {
            let unit = annexB(index == 0
                ? [H264RTPPayloaderTests.sps, H264RTPPayloaderTests.pps, nalUnit(type: 5, size: 4000)]
                : [nalUnit(type: 6, size: 10), nalUnit(type: 1, size: 700 * index)])
            units.append(unit)
            packets += try packetize(unit, timestamp: UInt32(index * 3000), sequencer: &sequencer, budget: budget)
        }
        let outputs = depacketize(packets)
        let reassembled = outputs.compactMap { if case .accessUnit(let unit) = $0 { unit.annexB } else { nil } } == units
        #expect(reassembled)
        #expect(outputs.count == units.count)
    }

    @Test("An access unit whose marker packet was lost ends when the timestamp changes")
    func timestampChangeEndsUnit() throws {
        let first = rtpPackets([[0x65, 0x01], [0x41, 0x02]], firstSequenceNumber: 10, timestamp: 100)
        var unmarked = first
        unmarked[1].header.marker = false
        let second = rtpPackets([[0x41, 0x03]], firstSequenceNumber: 12, timestamp: 200)
        let outputs = depacketize(unmarked + second)
        #expect(outputs == [
            .accessUnit(H264AccessUnit(annexB: annexB([[0x65, 0x01], [0x41, 0x02]]), rtpTimestamp: 100,
                                       isKeyframe: true, hasParameterSets: false)),
            .accessUnit(H264AccessUnit(annexB: annexB([[0x41, 0x03]]), rtpTimestamp: 200, isKeyframe: false, hasParameterSets: false)),
        ])
    }

    /// A keyframe of 4 FU-A packets (sequence 100…103) followed by a P frame (104).
    private func twoFrames() throws -> [RTPPacket] {
        var sequencer = RTPSequencer(ssrc: 1, payloadType: 102, initialSequenceNumber: 100)
        return try packetize(annexB([nalUnit(type: 5, size: 4000)]), timestamp: 0, sequencer: &sequencer)
            + packetize(annexB([nalUnit(type: 1, size: 500)]), timestamp: 3000, sequencer: &sequencer)
    }

    @Test("Losing a middle FU-A fragment discards the unit with rfc6184FragmentLost; the next unit is not trusted either")
    func lostMiddleFragment() throws {
        var packets = try twoFrames()
        #expect(packets.count == 5)
        packets.remove(at: 2)
        #expect(depacketize(packets) == [
            .discarded(rtpTimestamp: 0, reason: .rfc6184FragmentLost(expected: 102, received: 103)),
            .accessUnit(H264AccessUnit(annexB: annexB([nalUnit(type: 1, size: 500)]), rtpTimestamp: 3000,
                                       isKeyframe: false, hasParameterSets: false)),
        ])
    }

    @Test("Losing the first FU-A fragment of a stream: rfc6184FragmentWithoutStart")
    func lostStartFragment() throws {
        let packets = Array(try twoFrames().dropFirst())
        #expect(depacketize(packets).first == .discarded(rtpTimestamp: 0, reason: .rfc6184FragmentWithoutStart))
    }

    @Test("Losing the last FU-A fragment (with the marker) discards the unit and the next one starts damaged")
    func lostEndFragment() throws {
        var packets = try twoFrames()
        packets.remove(at: 3)
        #expect(depacketize(packets) == [
            .discarded(rtpTimestamp: 0, reason: .rfc6184FragmentLost(expected: 103, received: 104)),
            .discarded(rtpTimestamp: 3000, reason: .rfc3550SequenceGap(expected: 103, received: 104)),
        ])
    }

    @Test("An FU-A still open when the marker arrives is rfc6184FragmentWithoutEnd")
    func fragmentWithoutEnd() {
        let packets = rtpPackets([[0x7C, 0x85, 0xAA], [0x7C, 0x05, 0xBB]], firstSequenceNumber: 1, timestamp: 9)
        #expect(depacketize(packets) == [.discarded(rtpTimestamp: 9, reason: .rfc6184FragmentWithoutEnd)])
    }

    static let badPayloads: [([UInt8], H264RTPDepacketizerError)] = [
        ([], .rfc6184EmptyPayload),
        ([0xE5, 0x01], .rfc6184ForbiddenBitSet),
        ([0x7C, 0xC5, 0xAA], .rfc6184FragmentStartAndEnd),
        ([0x7C], .rfc6184FragmentTruncated),
        ([0x78, 0x00, 0x05, 0x67, 0x42], .rfc6184AggregationUnitTruncated),
        ([0x78, 0x00, 0x00], .rfc6184AggregationUnitTruncated),
        ([0x78], .rfc6184AggregationUnitTruncated),
        ([0x78, 0x00, 0x01, 0xE7], .rfc6184ForbiddenBitSet),
        ([0x79, 0x00, 0x00, 0x01, 0x65], .rfc6184NotAllowedInNonInterleavedMode(nalType: 25)),
        ([0x7D, 0x85, 0x00, 0x00], .rfc6184NotAllowedInNonInterleavedMode(nalType: 29)),
        ([0x60], .rfc6184ReservedNALUnitType(0)),
        ([0x7E, 0x00], .rfc6184ReservedNALUnitType(30)),
        ([0x7C, 0x05, 0xAA], .rfc6184FragmentWithoutStart),
    ]

    @Test("Malformed payloads discard their access unit with the RFC rule they break", arguments: badPayloads)
    func malformed(payload: [UInt8], reason: H264RTPDepacketizerError) {
        let packets = rtpPackets([[0x67, 0x42], payload], firstSequenceNumber: 7, timestamp: 5)
        #expect(depacketize(packets) == [.discarded(rtpTimestamp: 5, reason: reason)])
    }

    @Test("Fragments whose NAL type changes mid-unit are rfc6184FragmentTypeChanged")
    func typeChange() {
        let packets = rtpPackets([[0x7C, 0x85, 0xAA], [0x7C, 0x41, 0xBB]], firstSequenceNumber: 1, timestamp: 9)
        #expect(depacketize(packets) == [.discarded(rtpTimestamp: 9, reason: .rfc6184FragmentTypeChanged(from: 5, to: 1))])
    }

    @Test("Duplicates and late packets are counted and ignored, not spliced into the next unit")
    func latePackets() throws {
        let packets = try twoFrames()
        var depacketizer = H264RTPDepacketizer()
        var outputs: [H264RTPDepacketizerOutput] = []
        for packet in packets[0..<4] { outputs += depacketizer.push(packet) }
        outputs += depacketizer.push(packets[2])
        outputs += depacketizer.push(packets[4])
        #expect(depacketizer.latePacketCount == 1)
        #expect(outputs.count == 2)
        #expect(outputs.allSatisfy { if case .accessUnit = $0 { true } else { false } })
    }
}
