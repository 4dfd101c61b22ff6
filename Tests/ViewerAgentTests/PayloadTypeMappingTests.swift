import Testing
import ViewerPipeline
@testable import ViewerAgentCore

/// A later session's payload types mapped onto the ones the watch's pipeline was made with
/// (RFC 3550 §5.1: the low 7 bits of the second byte; the marker bit is kept).
@Suite("PayloadTypeMapping across reconnects")
struct PayloadTypeMappingTests {
    static func configuration(video: UInt8, rtx: UInt8?, audio: UInt8) -> ViewerPipelineConfiguration {
        ViewerPipelineConfiguration(
            localSSRC: 1,
            video: VideoReceiverConfiguration(stream: ReceiverStreamParameters(
                payloadType: video, clockRate: 90_000, retransmission: rtx.map { .init(payloadType: $0) })),
            audio: AudioReceiverConfiguration(stream: ReceiverStreamParameters(payloadType: audio, clockRate: 48_000)))
    }

    @Test("Video, RTX and audio types are rewritten in place; the marker bit and other types are kept", arguments: [
        // (second byte in, second byte out)
        (UInt8(0x80 | 96), UInt8(0x80 | 102)),  // marker + video
        (UInt8(96), UInt8(102)),
        (UInt8(97), UInt8(103)),  // RTX
        (UInt8(109), UInt8(111)),  // audio
        (UInt8(0x80 | 13), UInt8(0x80 | 13)),  // comfort noise: not ours, untouched
    ])
    func rewrite(input: UInt8, output: UInt8) {
        let first = Self.configuration(video: 102, rtx: 103, audio: 111)
        let later = Self.configuration(video: 96, rtx: 97, audio: 109)
        let mapping = PayloadTypeMapping(from: later, to: first)
        var packet: [UInt8] = [0x80, input, 0, 1, 0, 0, 0, 0, 0, 0, 0, 42]
        mapping.rewrite(&packet)
        #expect(packet[1] == output)
        #expect(packet[0] == 0x80 && packet[11] == 42, "nothing else changes")
    }

    @Test("The same types map to nothing (no per-packet work); a short packet is left alone")
    func identity() {
        let same = Self.configuration(video: 102, rtx: 103, audio: 111)
        let mapping = PayloadTypeMapping(from: same, to: same)
        #expect(mapping.isIdentity)
        var short: [UInt8] = [0x80]
        PayloadTypeMapping(from: Self.configuration(video: 96, rtx: nil, audio: 109), to: same).rewrite(&short)
        #expect(short == [0x80])
    }
}
