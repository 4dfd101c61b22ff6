import Testing
@testable import RTCP
import TestSupport

/// "Parsing never crashes, and whatever parses re-serialises to the same meaning", seeded
/// with aiortc's and Pion's packets, mutated, and with pure noise.
@Suite("RTCP parsers never crash")
struct RTCPParserFuzzTests {
    static let iterations = 20_000


    static let seeds: [[UInt8]] = [
        AiortcRTCPVectors.senderReport, AiortcRTCPVectors.receiverReport, AiortcRTCPVectors.sourceDescription,
        AiortcRTCPVectors.goodbye, AiortcRTCPVectors.pictureLossIndication, AiortcRTCPVectors.fullIntraRequest,
        AiortcRTCPVectors.receiverEstimatedMaximumBitrate, AiortcRTCPVectors.genericNACK,
        AiortcRTCPVectors.compoundSenderReportSourceDescription,
    ] + RTCPTransportWideFeedbackTests.pionVectors.map(\.0) + RTCPMalformedTests.rawPackets

    static func mutate(_ bytes: [UInt8], using generator: inout SeededGenerator) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            switch Int.random(in: 0..<7, using: &generator) {
            case 0 where !bytes.isEmpty:
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
            case 1 where !bytes.isEmpty:
                bytes.removeLast(Int.random(in: 1...bytes.count, using: &generator))
            case 2:
                bytes += (0..<Int.random(in: 1...8, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            case 3 where bytes.count >= 4:  // rewrite the length field
                bytes[2] = 0
                bytes[3] = UInt8.random(in: 0...12, using: &generator)
            case 4 where !bytes.isEmpty:  // rewrite count / padding bits
                bytes[0] = 0x80 | UInt8.random(in: 0..<64, using: &generator)
            case 5:  // concatenate another seed: compound packets
                bytes += seeds.randomElement(using: &generator) ?? []
            default:
                bytes = (0..<Int.random(in: 0..<64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            }
        }
        return bytes
    }

    @Test("Compound parser (both rule sets): no crash; what parses marshals and parses back equal")
    func compound() throws {
        var generator = SeededGenerator(seed: 0x5254_4350)
        var parsed = 0
        for _ in 0..<Self.iterations {
            let bytes = Self.mutate(Self.seeds.randomElement(using: &generator) ?? [], using: &generator)
            _ = try? RTCPCompoundPacket(unmarshaling: bytes, rules: .rfc3550Compound)
            guard let compound = try? RTCPCompoundPacket(unmarshaling: bytes) else { continue }
            parsed += 1
            let again = try RTCPCompoundPacket(unmarshaling: compound.marshaled())
            #expect(again == compound)
        }
        #expect(parsed > Self.iterations / 10)
    }

    @Test("Every typed parser: no crash on mutated packets of any type")
    func typedParsers() {
        var generator = SeededGenerator(seed: 0x5459_5045)
        for _ in 0..<Self.iterations {
            let bytes = Self.mutate(Self.seeds.randomElement(using: &generator) ?? [], using: &generator)
            _ = try? RTCPSenderReport(unmarshaling: bytes)
            _ = try? RTCPReceiverReport(unmarshaling: bytes)
            _ = try? RTCPSourceDescription(unmarshaling: bytes)
            _ = try? RTCPGoodbye(unmarshaling: bytes)
            _ = try? RTCPPictureLossIndication(unmarshaling: bytes)
            _ = try? RTCPFullIntraRequest(unmarshaling: bytes)
            _ = try? RTCPGenericNACK(unmarshaling: bytes)
            _ = try? RTCPReceiverEstimatedMaximumBitrate(unmarshaling: bytes)
            _ = (try? RTCPTransportWideFeedback(unmarshaling: bytes))?.packetResults
            _ = try? RTCPRawPacket(unmarshaling: bytes)
        }
    }
}
