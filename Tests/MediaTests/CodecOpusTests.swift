import Media
import Opus
import Testing

@Suite("Opus encoder and decoder over libopus")
struct CodecOpusTests {
    /// Encodes `seconds` of the stepped tone, fed as 10 ms capture blocks.
    static func encodeTone(seconds: Int, channelCount: Int,
                           configuration: OpusEncoderConfiguration? = nil) throws -> [EncodedAudioPacket] {
        let encoder = try OpusEncoder(configuration: configuration ?? OpusEncoderConfiguration(channelCount: channelCount))
        var source = ToneSource(channelCount: channelCount, startTime: MediaTime(nanoseconds: 1_000_000_000))
        var block = AudioFrame(channelCount: channelCount, samplesPerChannel: 480)
        var packets: [EncodedAudioPacket] = []
        for _ in 0..<(seconds * 100) {
            source.nextBlock(into: &block)
            try encoder.encode(block) { packets.append($0) }
        }
        return packets
    }

    @Test("round trip: 10 ms blocks become 20 ms packets and each second's tone is heard after decoding",
          arguments: [1, 2])
    func roundTrip(channelCount: Int) throws {
        let packets = try Self.encodeTone(seconds: 3, channelCount: channelCount)
        #expect(packets.count == 150)
        #expect(packets.map(\.sequenceNumber) == Array(0..<150))
        #expect(packets.enumerated().allSatisfy { index, packet in
            packet.timestamp == MediaTime(nanoseconds: 1_000_000_000 + UInt64(index) * 20_000_000)
                && packet.samplesPerChannel == 960 && packet.channelCount == channelCount
        })
        let decoder = try OpusDecoder(channelCount: channelCount)
        let detector = ToneDetector()
        var block = AudioFrame(channelCount: channelCount, samplesPerChannel: 960)
        var heard = 0, checked = 0
        for (index, packet) in packets.enumerated() {
            try decoder.decode(packet, into: &block)
            #expect(block.samplesPerChannel == 960 && block.sequenceNumber == packet.sequenceNumber)
            // Skip the codec's start-up and the packets that straddle a frequency step
            // (libopus delays the signal by a few milliseconds).
            let positionInSecond = index % 50
            guard index >= 2, positionInSecond >= 2, positionInSecond <= 48 else { continue }
            checked += 1
            let expected = ToneSource.defaultFrequencies[index / 50 % ToneSource.defaultFrequencies.count]
            for channel in 0..<channelCount {
                let detection = detector.detect(in: block.samples[...], channelCount: channelCount, channel: channel)
                if detection?.frequency == expected { heard += channel == 0 ? 1 : 0 } else {
                    Issue.record("packet \(index) channel \(channel): expected \(expected) Hz, heard \(String(describing: detection))")
                }
            }
        }
        #expect(checked > 130 && heard == checked)
    }

    @Test("a dropped packet is concealed with sound close to the tone, not silence")
    func packetLossConcealment() throws {
        let packets = try Self.encodeTone(seconds: 1, channelCount: 1)
        let decoder = try OpusDecoder(channelCount: 1)
        var block = AudioFrame(channelCount: 1, samplesPerChannel: 960)
        for packet in packets[0..<20] { try decoder.decode(packet, into: &block) }
        try decoder.concealLoss(timestamp: packets[20].timestamp, sequenceNumber: 20, into: &block)
        #expect(block.samplesPerChannel == 960 && block.sequenceNumber == 20)
        #expect(block.rootMeanSquareLevel > 0.1, "concealment level \(block.rootMeanSquareLevel)")
        #expect(ToneDetector(minimumShare: 0.3).detect(in: block)?.frequency == 440)
        try decoder.decode(packets[21], into: &block)
        #expect(ToneDetector().detect(in: block)?.frequency == 440)
    }

    @Test("a dropped packet is rebuilt from the next packet's in-band FEC")
    func forwardErrorCorrection() throws {
        let configuration = OpusEncoderConfiguration(channelCount: 1, bitrate: 32_000, forwardErrorCorrection: true,
                                                     expectedPacketLossPercent: 20)
        let packets = try Self.encodeTone(seconds: 1, channelCount: 1, configuration: configuration)
        let decoder = try OpusDecoder(channelCount: 1)
        var block = AudioFrame(channelCount: 1, samplesPerChannel: 960)
        for packet in packets[0..<25] { try decoder.decode(packet, into: &block) }
        try decoder.recoverLoss(from: packets[26], timestamp: packets[25].timestamp, sequenceNumber: 25, into: &block)
        #expect(block.sequenceNumber == 25 && block.timestamp == packets[25].timestamp)
        #expect(block.rootMeanSquareLevel > 0.2, "recovered level \(block.rootMeanSquareLevel)")
        #expect(ToneDetector().detect(in: block)?.frequency == 440)
        try decoder.decode(packets[26], into: &block)
        #expect(ToneDetector().detect(in: block)?.frequency == 440)
    }

    @Test("blocks of 10, 5 and 40 ms are staged into 20 ms packets stamped with their first sample's time")
    func staging() throws {
        let encoder = try OpusEncoder(configuration: OpusEncoderConfiguration(channelCount: 2))
        var packets: [EncodedAudioPacket] = []
        let start = MediaTime(nanoseconds: 7_000_000_000)
        var block = AudioFrame(channelCount: 2, samplesPerChannel: 480, timestamp: start)
        try encoder.encode(block) { packets.append($0) }
        #expect(packets.isEmpty, "10 ms is half a packet")
        block.timestamp = start + .milliseconds(10)
        try encoder.encode(block) { packets.append($0) }
        #expect(packets.count == 1)
        block = AudioFrame(channelCount: 2, samplesPerChannel: 240, timestamp: start + .milliseconds(20))
        try encoder.encode(block) { packets.append($0) }
        block = AudioFrame(channelCount: 2, samplesPerChannel: 1920, timestamp: start + .milliseconds(25))
        try encoder.encode(block) { packets.append($0) }
        #expect(packets.map(\.timestamp) == [start, start + .milliseconds(20), start + .milliseconds(40)])
        #expect(packets.map(\.sequenceNumber) == [0, 1, 2])
    }

    @Test("with DTX on, silence shrinks to 1-byte packets apart from a comfort-noise update every 400 ms")
    func discontinuousTransmission() throws {
        let encoder = try OpusEncoder(configuration: OpusEncoderConfiguration(channelCount: 1, discontinuousTransmission: true))
        var sizes: [Int] = []
        let silence = AudioFrame(channelCount: 1, samplesPerChannel: 960)
        for _ in 0..<50 { try encoder.encode(silence) { sizes.append($0.payload.count) } }
        #expect(sizes.count == 50)
        let settled = sizes.dropFirst(10)
        #expect(settled.filter { $0 <= 2 }.count >= 36, "sizes: \(sizes)")
        #expect(settled.allSatisfy { $0 <= 30 }, "sizes: \(sizes)")
    }

    @Test("lowering the bitrate while running makes packets smaller")
    func bitrateChange() throws {
        let encoder = try OpusEncoder(configuration: OpusEncoderConfiguration(channelCount: 1, application: .audio, bitrate: 96_000))
        var source = ToneSource(channelCount: 1, blockDuration: .milliseconds(20), startTime: .zero)
        var high = 0, low = 0
        for _ in 0..<50 { try encoder.encode(source.nextBlock()) { high += $0.payload.count } }
        try encoder.setBitrate(12_000)
        #expect(encoder.configuration.bitrate == 12_000)
        for _ in 0..<50 { try encoder.encode(source.nextBlock()) { low += $0.payload.count } }
        #expect(low * 3 < high, "bytes per second: \(high) at 96 kbit/s, \(low) at 12 kbit/s")
    }

    @Test("bad settings and input are refused with the rule they break")
    func refusals() throws {
        #expect(throws: OpusCodecError.channelCountUnsupported(3)) { _ = try OpusEncoder(configuration: OpusEncoderConfiguration(channelCount: 3)) }
        #expect(throws: OpusCodecError.bitrateOutOfRange(1_000)) { _ = try OpusEncoder(configuration: OpusEncoderConfiguration(bitrate: 1_000)) }
        #expect(throws: OpusCodecError.complexityOutOfRange(11)) { _ = try OpusEncoder(configuration: OpusEncoderConfiguration(complexity: 11)) }
        #expect(throws: OpusCodecError.channelCountUnsupported(0)) { _ = try OpusDecoder(channelCount: 0) }
        let encoder = try OpusEncoder(configuration: OpusEncoderConfiguration(channelCount: 1))
        #expect(throws: OpusCodecError.channelCountMismatch(expected: 1, actual: 2)) {
            try encoder.encode(AudioFrame(channelCount: 2, samplesPerChannel: 480)) { _ in }
        }
        #expect(throws: OpusCodecError.packetLossPercentOutOfRange(101)) { try encoder.setExpectedPacketLossPercent(101) }
        let decoder = try OpusDecoder(channelCount: 1)
        var block = AudioFrame(channelCount: 1, samplesPerChannel: 960)
        let empty = EncodedAudioPacket(payload: [], channelCount: 1, samplesPerChannel: 960, timestamp: .zero, sequenceNumber: 0)
        #expect(throws: OpusCodecError.emptyPacket) { try decoder.decode(empty, into: &block) }
        #expect(throws: OpusCodecError.concealedDurationInvalid(samplesPerChannel: 100)) {
            try decoder.concealLoss(samplesPerChannel: 100, timestamp: .zero, sequenceNumber: 0, into: &block)
        }
    }

    @Test("an oversized packet is refused before it reaches libopus")
    func oversizedPacket() throws {
        let decoder = try OpusDecoder(channelCount: 1)
        var block = AudioFrame(channelCount: 1, samplesPerChannel: 960)
        let huge = EncodedAudioPacket(payload: [UInt8](repeating: 0xFC, count: 100_000), channelCount: 1,
                                      samplesPerChannel: 960, timestamp: .zero, sequenceNumber: 0)
        #expect(throws: OpusCodecError.self) { try decoder.decode(huge, into: &block) }
        #expect(throws: OpusCodecError.self) {
            try decoder.recoverLoss(from: huge, timestamp: .zero, sequenceNumber: 0, into: &block)
        }
    }

    @Test("a malformed packet is a typed libopus error, never a crash")
    func malformedPacket() throws {
        let decoder = try OpusDecoder(channelCount: 1)
        var block = AudioFrame(channelCount: 1, samplesPerChannel: 960)
        // TOC code 3 (arbitrary frame count) with a frame-count byte of 0 breaks RFC 6716 §3.2.5.
        let malformed = EncodedAudioPacket(payload: [0x03, 0x00], channelCount: 1, samplesPerChannel: 960,
                                           timestamp: .zero, sequenceNumber: 0)
        do {
            try decoder.decode(malformed, into: &block)
            Issue.record("malformed packet decoded")
        } catch {
            guard case .libopus = error else { Issue.record("unexpected \(error)"); return }
        }
    }
}
