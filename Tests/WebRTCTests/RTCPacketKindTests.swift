import Testing
import WebRTC

@Suite("RFC 7983 first-byte demultiplexing")
struct RTCPacketKindTests {
    /// Every boundary of RFC 7983 §7 and the byte on each side of it.
    @Test("RFC 7983 §7: each first-byte range boundary", arguments: [
        (UInt8(0), RTCPacketKind.stun), (3, .stun), (4, .unrecognized),
        (15, .unrecognized), (16, .zrtp), (19, .zrtp), (20, .dtls),
        (22, .dtls), (63, .dtls), (64, .turnChannel), (79, .turnChannel),
        (80, .unrecognized), (127, .unrecognized), (128, .rtp), (191, .rtp),
        (192, .unrecognized), (255, .unrecognized),
    ])
    func firstByte(first: UInt8, expected: RTCPacketKind) {
        #expect(RTCPacketKind(classifying: [first, 96, 0, 0]) == expected)
    }

    @Test("RFC 5761 §4: second bytes 192–223 are RTCP, the rest RTP (marker bit included)", arguments: [
        (UInt8(0), RTCPacketKind.rtp), (96, .rtp), (127, .rtp), (128, .rtp), (191, .rtp),
        (192, .rtcp), (200, .rtcp), (201, .rtcp), (206, .rtcp), (223, .rtcp),
        (224, .rtp), (255, .rtp),
    ])
    func secondByte(second: UInt8, expected: RTCPacketKind) {
        #expect(RTCPacketKind(classifying: [0x80, second]) == expected)
        #expect(RTCPacketKind(classifying: [0xBF, second]) == expected)
    }

    @Test("Every first byte maps to exactly the RFC 7983 range it falls in")
    func exhaustive() {
        for first in UInt8.min...UInt8.max {
            let expected: RTCPacketKind = switch first {
            case 0...3: .stun
            case 16...19: .zrtp
            case 20...63: .dtls
            case 64...79: .turnChannel
            case 128...191: .rtp
            default: .unrecognized
            }
            #expect(RTCPacketKind(classifying: [first, 0]) == expected, "first byte \(first)")
        }
    }

    @Test("Empty datagrams and a lone RTP-range byte are unrecognized, never a crash")
    func truncated() {
        #expect(RTCPacketKind(classifying: [UInt8]()) == .unrecognized)
        #expect(RTCPacketKind(classifying: [0x80]) == .unrecognized)
        #expect(RTCPacketKind(classifying: [0x16]) == .dtls)
        #expect(RTCPacketKind(classifying: [0x00, 0x01, 0x00, 0x00][...]) == .stun)
    }
}
