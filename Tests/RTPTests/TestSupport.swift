import Foundation
import RTP


/// Access units encoded by x264 and the RFC 6184 payloads aiortc made of them, read from
/// `Fixtures/aiortc-h264-320x240.bin` (see make_aiortc_fixtures.py for the format).
struct AiortcH264Fixture {
    struct Frame {
        var accessUnit: [UInt8]
        var payloads: [[UInt8]]
    }

    var frames: [Frame] = []

    static func load() throws -> AiortcH264Fixture {
        guard let url = Bundle.module.url(forResource: "aiortc-h264-320x240", withExtension: "bin", subdirectory: "Fixtures")
        else { throw FixtureError.missing }
        let bytes = [UInt8](try Data(contentsOf: url))
        var fixture = AiortcH264Fixture()
        var offset = 0
        while offset + 5 <= bytes.count {
            let kind = bytes[offset]
            let length = bytes[offset + 1..<offset + 5].reduce(0) { $0 << 8 | Int($1) }
            let record = Array(bytes[offset + 5..<offset + 5 + length])
            offset += 5 + length
            if kind == 1 {
                fixture.frames.append(Frame(accessUnit: record, payloads: []))
            } else {
                fixture.frames[fixture.frames.count - 1].payloads.append(record)
            }
        }
        return fixture
    }

    enum FixtureError: Error { case missing }
}

/// Annex-B bytes from NAL units, four-byte start codes.
func annexB(_ nalUnits: [[UInt8]]) -> [UInt8] {
    nalUnits.flatMap { [0, 0, 0, 1] + $0 }
}

/// A NAL unit of `type` with NRI 3 and `size` bytes in total, filled with a counting pattern.
func nalUnit(type: UInt8, size: Int, nri: UInt8 = 3) -> [UInt8] {
    [nri << 5 | type] + (1..<size).map { UInt8(truncatingIfNeeded: $0 % 251 + 1) }
}

/// Wraps payloads in RTP packets the way a sender does: one timestamp, consecutive sequence
/// numbers, marker on the last.
func rtpPackets(_ payloads: [[UInt8]], firstSequenceNumber: UInt16, timestamp: UInt32) -> [RTPPacket] {
    payloads.enumerated().map { index, payload in
        RTPPacket(header: RTPHeader(marker: index == payloads.count - 1, payloadType: 102,
                                    sequenceNumber: firstSequenceNumber &+ UInt16(index), timestamp: timestamp, ssrc: 0x1234),
                  payload: payload)
    }
}
