import Testing
@testable import RTCP

@Suite("Transport-wide CC feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01)")
struct RTCPTransportWideFeedbackTests {
    /// Pion's marshal vectors (pion/rtcp transport_layer_cc_test.go), which are consistent in
    /// their padding, as (bytes, expected value).
    static let pionVectors: [([UInt8], RTCPTransportWideFeedback)] = [
        ([0xAF, 0xCD, 0x00, 0x05, 0xFA, 0x17, 0xFA, 0x17, 0x43, 0x03, 0x2F, 0xA0, 0x00, 0x99, 0x00, 0x01,
          0x3D, 0xE8, 0x02, 0x17, 0x20, 0x01, 0x94, 0x01],
         RTCPTransportWideFeedback(senderSSRC: 4_195_875_351, mediaSSRC: 1_124_282_272, baseSequenceNumber: 153,
                                   packetStatusCount: 1, referenceTime: 4_057_090, feedbackPacketCount: 23,
                                   chunks: [.runLength(.receivedSmallDelta, count: 1)], receiveDeltas: [148])),
        ([0xAF, 0xCD, 0x00, 0x07, 0xFA, 0x17, 0xFA, 0x17, 0x19, 0x3D, 0xD8, 0xBB, 0x00, 0x04, 0x00, 0x07,
          0x10, 0x63, 0x6E, 0x01, 0x20, 0x07, 0x4C, 0x24, 0x24, 0x10, 0x0C, 0x0C, 0x10, 0x00, 0x00, 0x03],
         RTCPTransportWideFeedback(senderSSRC: 4_195_875_351, mediaSSRC: 423_483_579, baseSequenceNumber: 4,
                                   packetStatusCount: 7, referenceTime: 1_074_030, feedbackPacketCount: 1,
                                   chunks: [.runLength(.receivedSmallDelta, count: 7)], receiveDeltas: [76, 36, 36, 16, 12, 12, 16])),
        ([0xAF, 0xCD, 0x00, 0x06, 0xFA, 0x17, 0xFA, 0x17, 0x19, 0x3D, 0xD8, 0xBB, 0x00, 0x01, 0x00, 0x0E,
          0x10, 0x63, 0x6D, 0x00, 0xBA, 0x00, 0x10, 0x0C, 0x0C, 0x10, 0x00, 0x02],
         RTCPTransportWideFeedback(senderSSRC: 4_195_875_351, mediaSSRC: 423_483_579, baseSequenceNumber: 1,
                                   packetStatusCount: 14, referenceTime: 1_074_029, feedbackPacketCount: 0,
                                   chunks: [.oneBitVector([.receivedSmallDelta, .receivedSmallDelta, .receivedSmallDelta, .notReceived,
                                                           .receivedSmallDelta] + Array(repeating: .notReceived, count: 9))],
                                   receiveDeltas: [16, 12, 12, 16])),
        ([0xAF, 0xCD, 0x00, 0x07, 0xFA, 0x17, 0xFA, 0x17, 0x43, 0x03, 0x2F, 0xA0, 0x9C, 0x14, 0x00, 0x0C,
          0x75, 0x84, 0x20, 0x00, 0xBE, 0xC0, 0xC1, 0x3F, 0x3B, 0x3F, 0x53, 0x90, 0x3B, 0x00, 0x00, 0x03],
         RTCPTransportWideFeedback(senderSSRC: 4_195_875_351, mediaSSRC: 1_124_282_272, baseSequenceNumber: 39956,
                                   packetStatusCount: 12, referenceTime: 7_701_536, feedbackPacketCount: 0,
                                   chunks: [.oneBitVector([.receivedSmallDelta, .receivedSmallDelta, .receivedSmallDelta, .receivedSmallDelta,
                                                           .receivedSmallDelta, .notReceived, .receivedSmallDelta, .receivedSmallDelta,
                                                           .notReceived, .notReceived, .notReceived, .notReceived])],
                                   receiveDeltas: [193, 63, 59, 63, 83, 144, 59])),
    ]

    @Test("Pion's vectors parse to the expected chunks and deltas and marshal to the same bytes (P bit and all)",
          arguments: pionVectors)
    func pionVector(bytes: [UInt8], expected: RTCPTransportWideFeedback) throws {
        #expect(try RTCPTransportWideFeedback(unmarshaling: bytes) == expected)
        #expect(try expected.marshaled() == bytes)
        #expect(try RTCPPacket(unmarshaling: bytes) == .transportWideFeedback(expected))
    }

    @Test("Draft §3.1.3/§3.1.4 chunk examples (and a two-bit vector) decode and encode", arguments: [
        (UInt16(0x00DD), RTCPTransportWideFeedback.Chunk.runLength(.notReceived, count: 221)),
        (0x9F1C, .oneBitVector([.notReceived, .receivedSmallDelta, .receivedSmallDelta, .receivedSmallDelta, .receivedSmallDelta,
                                .receivedSmallDelta, .notReceived, .notReceived, .notReceived, .receivedSmallDelta,
                                .receivedSmallDelta, .receivedSmallDelta, .notReceived, .notReceived])),
        (0xE500, .twoBitVector([.receivedLargeDelta, .receivedSmallDelta, .receivedSmallDelta, .notReceived, .notReceived,
                                .notReceived, .notReceived])),
    ])
    func chunkExamples(word: UInt16, chunk: RTCPTransportWideFeedback.Chunk) throws {
        #expect(try RTCPTransportWideFeedback.decode(word, wanted: 1000) == chunk)
        #expect(RTCPTransportWideFeedback.encode(chunk) == word)
    }

    @Test("Symbol 3 is refused like libwebrtc does (draft example 0x6018, Pion example 2)")
    func reservedSymbol() {
        #expect(throws: RTCPError.twccReservedSymbol) { try RTCPTransportWideFeedback.decode(0x6018, wanted: 100) }
        let pionExample2: [UInt8] = [0xAF, 0xCD, 0x00, 0x06, 0xFA, 0x17, 0xFA, 0x17, 0x19, 0x3D, 0xD8, 0xBB, 0x01, 0x74, 0x00, 0x0E,
                                     0x45, 0xB1, 0x5A, 0x40, 0xD8, 0x00, 0xF0, 0xFF, 0xD0, 0x00, 0x00, 0x03]
        #expect(throws: RTCPError.twccReservedSymbol) { try RTCPTransportWideFeedback(unmarshaling: pionExample2) }
    }

    @Test("Status count not covered by deltas is twccTruncated (Pion example 8)")
    func truncated() {
        let bytes: [UInt8] = [0xAF, 0xCD, 0x00, 0x05, 0xFA, 0x17, 0xFA, 0x17, 0x43, 0x03, 0x2F, 0xA0, 0x00, 0x99, 0x00, 0x03,
                              0x3D, 0xE8, 0x02, 0x17, 0x20, 0x03, 0x94, 0x01]
        #expect(throws: RTCPError.twccTruncated) { try RTCPTransportWideFeedback(unmarshaling: bytes) }
    }

    @Test("Arrival times → feedback → bytes → arrival times: losses, reordering and a long gap survive")
    func arrivalsRoundTrip() throws {
        var arrivals: [Int64?] = []
        var time: Int64 = 10 * 64_000 + 1_250
        for index in 0..<300 {
            switch index {
            case 20..<60: arrivals.append(nil)  // a burst of loss: run-length chunk
            case 100: arrivals.append(time - 5_000)  // arrived before its predecessor: negative delta
            case 150: time += 2_000_000; arrivals.append(time)  // 2 s stall: large delta
            case let i where i % 17 == 0: arrivals.append(nil)
            default: time += 250 * Int64(index % 9); arrivals.append(time)
            }
        }
        let feedback = try RTCPTransportWideFeedback(senderSSRC: 1, mediaSSRC: 2, baseSequenceNumber: 65500,
                                                     feedbackPacketCount: 9, arrivals: arrivals)
        #expect(feedback.referenceTime == 10)
        #expect(feedback.chunks.contains { if case .runLength(.notReceived, let count) = $0 { count >= 14 } else { false } })
        #expect(feedback.chunks.contains { if case .twoBitVector = $0 { true } else { false } })
        let parsed = try RTCPTransportWideFeedback(unmarshaling: feedback.marshaled())
        #expect(parsed == feedback)
        let results = parsed.packetResults
        #expect(results.map(\.arrivalMicroseconds) == arrivals)
        #expect(results.first?.sequenceNumber == 65500)
        #expect(results.last?.sequenceNumber == UInt16(truncatingIfNeeded: 65500 + 299))
    }

    @Test("Consecutive arrivals more than 8.19 s apart cannot be expressed")
    func deltaOutOfRange() {
        #expect(throws: RTCPError.twccDeltaOutOfRange(40_000)) {
            try RTCPTransportWideFeedback(senderSSRC: 1, mediaSSRC: 2, baseSequenceNumber: 0, feedbackPacketCount: 0,
                                          arrivals: [0, 10_000_000])
        }
    }
}
