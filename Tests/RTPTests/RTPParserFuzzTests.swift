import Testing
@testable import RTP
import TestSupport

/// "Parsing never crashes, and whatever parses re-serialises to the same meaning", fed with
/// real packets mutated in the ways networks and attackers do, and with pure noise.
@Suite("RTP parsers never crash")
struct RTPParserFuzzTests {
    static let iterations = 20_000

    /// Real packets to mutate: aiortc's vectors and the payloads of the x264 fixture.
    static func seeds() throws -> [[UInt8]] {
        var seeds = [AiortcRTPVectors.oneByteExtensions, AiortcRTPVectors.twoByteExtensions, RTPPacketTests.minimal]
        let fixture = try AiortcH264Fixture.load()
        for (index, payload) in fixture.frames.flatMap(\.payloads).enumerated() {
            let packet = RTPPacket(header: RTPHeader(marker: index % 3 == 0, payloadType: 102, sequenceNumber: UInt16(index),
                                                     timestamp: 3000, ssrc: 9), payload: Array(payload.prefix(64)))
            seeds.append(try packet.marshaled())
        }
        return seeds
    }

    static func mutate(_ bytes: [UInt8], using generator: inout SeededGenerator) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            switch Int.random(in: 0..<6, using: &generator) {
            case 0 where !bytes.isEmpty:  // flip a bit
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
            case 1 where !bytes.isEmpty:  // truncate
                bytes.removeLast(Int.random(in: 1...bytes.count, using: &generator))
            case 2:  // grow
                bytes += (0..<Int.random(in: 1...8, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            case 3 where !bytes.isEmpty:  // overwrite a byte with an extreme value
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = [0x00, 0xFF, 0x7F, 0x80].randomElement(using: &generator) ?? 0
            case 4 where bytes.count > 1:  // set the first byte's flag bits (P, X, CC) at random
                bytes[0] = 0x80 | UInt8.random(in: 0..<64, using: &generator)
            default:
                bytes = (0..<Int.random(in: 0..<80, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            }
        }
        return bytes
    }

    @Test("RTPPacket: no crash; a packet that parses marshals and parses back equal")
    func packets() throws {
        var generator = SeededGenerator(seed: 0x5254_5031)
        let seeds = try Self.seeds()
        var parsed = 0
        for _ in 0..<Self.iterations {
            let bytes = Self.mutate(seeds.randomElement(using: &generator) ?? [], using: &generator)
            guard let packet = try? RTPPacket(unmarshaling: bytes) else { continue }
            parsed += 1
            let again = try RTPPacket(unmarshaling: packet.marshaled())
            #expect(again == packet)
        }
        #expect(parsed > Self.iterations / 10)  // the mutations keep enough inputs valid to test re-serialisation
    }

    @Test("H264 depacketizer: no crash on any payload, and every access unit it passes on is Annex-B")
    func h264() throws {
        var generator = SeededGenerator(seed: 0x4832_3634)
        let payloads = try AiortcH264Fixture.load().frames.flatMap(\.payloads)
        var depacketizer = H264RTPDepacketizer()
        var sequenceNumber: UInt16 = 0
        var timestamp: UInt32 = 0
        var units = 0
        for _ in 0..<Self.iterations {
            let payload = Self.mutate(Array((payloads.randomElement(using: &generator) ?? []).prefix(200)), using: &generator)
            sequenceNumber &+= UInt16.random(in: 0...2, using: &generator)
            if Bool.random(using: &generator) { timestamp &+= 3000 }
            payload.withUnsafeBytes { bytes in
                depacketizer.push(sequenceNumber: sequenceNumber, rtpTimestamp: timestamp, marker: Int.random(in: 0..<4, using: &generator) == 0,
                                  payload: bytes) { output in
                    if case .accessUnit(let unit) = output {
                        units += 1
                        #expect(Array(unit.annexB.prefix(4)) == [0, 0, 0, 1])
                    }
                }
            }
        }
        #expect(units > 0)
    }

    @Test("Opus TOC parser, Annex-B scanner and reorder buffer: no crash on noise")
    func others() {
        var generator = SeededGenerator(seed: 0x4F50_5553)
        var reorder = RTPReorderBuffer(capacity: 32, maximumDelay: .milliseconds(20))
        for step in 0..<Self.iterations {
            let bytes = Self.mutate([0x78, 0x01, 0x00, 0x00, 0x01, 0x65], using: &generator)
            _ = try? OpusPacketDuration.samples(in: bytes)
            let nalUnits = bytes.withUnsafeBytes { buffer in H264AnnexBScanner(buffer).map { $0 } }
            #expect(nalUnits.allSatisfy { $0.lowerBound >= 0 && $0.upperBound <= bytes.count && !$0.isEmpty })
            let packet = RTPPacket(header: RTPHeader(payloadType: 96, sequenceNumber: UInt16.random(in: 0...UInt16.max, using: &generator),
                                                     timestamp: 0, ssrc: 1), payload: [])
            _ = reorder.insert(packet, at: .milliseconds(step))
            while reorder.popReady(at: .milliseconds(step)) != nil {}
            _ = reorder.missingSequenceNumbers
        }
    }
}
