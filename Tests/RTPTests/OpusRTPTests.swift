import Testing
import RTP

@Suite("Opus over RTP (RFC 7587, TOC from RFC 6716)")
struct OpusRTPTests {
    @Test("Packet duration in 48 kHz samples comes from the TOC (RFC 6716 §3.1)", arguments: [
        ([UInt8(0x78)], 960), ([0xFC, 0xAA], 960), ([0x79, 0x01, 0x02], 1920), ([0x7A, 0x01, 0x02], 1920),
        ([0x1B, 0x02], 2 * 2880), ([0x83, 0x30], 120 * 48), ([0x08], 960), ([0x00], 480), ([0x18], 2880),
        ([0x60], 480), ([0x80], 120), ([0x90], 480),
    ])
    func durations(packet: [UInt8], samples: Int) throws {
        #expect(try OpusPacketDuration.samples(in: packet) == samples)
    }

    @Test("Malformed Opus packets are refused with the RFC 6716 rule they break", arguments: [
        ([UInt8](), OpusRTPError.rfc6716EmptyPacket),
        ([0x7B], .rfc6716FrameCountMissing),
        ([0x7B, 0x00], .rfc6716FrameCountZero),
        ([0x7B, 0x07], .rfc6716DurationOver120ms(samples: 7 * 960)),
        ([0x1B, 0x03 | 0x80], .rfc6716DurationOver120ms(samples: 3 * 2880)),  // VBR bit does not change the count
    ])
    func malformed(packet: [UInt8], error: OpusRTPError) {
        #expect(throws: error) { try OpusPacketDuration.samples(in: packet) }
    }

    @Test("Payloader advances the 48 kHz timestamp by each packet's duration and marks talkspurt starts")
    func payloader() throws {
        var payloader = OpusRTPPayloader(initialTimestamp: UInt32.max - 959)
        var sequencer = RTPSequencer(ssrc: 0xABCD, payloadType: 111, initialSequenceNumber: 7)
        let first = try payloader.packetize(opusPacket: [0x78, 1, 2, 3], sequencer: &sequencer)
        let second = try payloader.packetize(opusPacket: [0x79, 4, 5], sequencer: &sequencer)
        payloader.skip(samples: 960 * 10)  // DTX: 200 ms of silence not sent
        let third = try payloader.packetize(opusPacket: [0x78, 6], sequencer: &sequencer)
        #expect(first.header.timestamp == UInt32.max - 959)
        #expect(second.header.timestamp == 0)  // wrapped
        #expect(third.header.timestamp == 1920 + 9600)
        #expect([first, second, third].map(\.header.marker) == [true, false, true])
        #expect([first, second, third].map(\.header.sequenceNumber) == [7, 8, 9])
        #expect(first.payload == [0x78, 1, 2, 3])
        #expect(third.header.payloadType == 111 && third.header.ssrc == 0xABCD)
    }

    @Test("Depayloader hands the Opus packet on unchanged and reports the samples missing before it")
    func depayloader() throws {
        var payloader = OpusRTPPayloader(initialTimestamp: 1000)
        var sequencer = RTPSequencer(ssrc: 1, payloadType: 111, initialSequenceNumber: 0)
        let packets = try (0..<5).map { _ in try payloader.packetize(opusPacket: [0x78, 0xAB], sequencer: &sequencer) }
        var depayloader = OpusRTPDepayloader()
        var frames: [OpusRTPFrame] = []
        for packet in packets where packet.header.sequenceNumber != 2 { frames.append(try depayloader.depayload(packet)) }
        #expect(frames.map(\.gapSamples) == [0, 0, 960, 0])
        #expect(frames.map(\.samplesPerChannel) == [960, 960, 960, 960])
        #expect(frames.map(\.rtpTimestamp) == [1000, 1960, 3880, 4840])
        #expect(frames.allSatisfy { $0.opusPacket == [0x78, 0xAB] })
        let empty = RTPPacket(header: RTPHeader(payloadType: 111, sequenceNumber: 9, timestamp: 0, ssrc: 1), payload: [])
        #expect(throws: OpusRTPError.rfc6716EmptyPacket) { try depayloader.depayload(empty) }
    }
}
