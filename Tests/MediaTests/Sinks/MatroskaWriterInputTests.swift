import Foundation
import Testing
@testable import Media

/// Bad input gets a typed error named after the rule it breaks, and the
/// recording made so far stays valid.
@Suite("Matroska writer input rules")
struct MatroskaWriterInputTests {
    static let sps: [UInt8] = [0, 0, 0, 1, 0x67, 0x42, 0xC0, 0x1E, 0xDA, 0x02, 0x80]
    static let pps: [UInt8] = [0, 0, 0, 1, 0x68, 0xCE, 0x3C, 0x80]
    static let idr: [UInt8] = [0, 0, 0, 1, 0x65, 0x88, 0x84, 0x00, 0x33]
    static let slice: [UInt8] = [0, 0, 0, 1, 0x41, 0x9A, 0x02, 0x04]

    static func frame(_ bytes: [UInt8], width: Int = 320) -> EncodedVideoFrame {
        EncodedVideoFrame(annexB: bytes, isKeyframe: true, width: width, height: 240, timestamp: .zero, sequenceNumber: 0)
    }

    static func writer(_ layout: MatroskaTrackLayout = .videoAndStereo) throws -> (MatroskaWriter, URL) {
        let directory = try SinkTestSupport.temporaryDirectory()
        let writer = try MatroskaWriter(destination: .file(path: directory.appendingPathComponent("bad.mkv").path),
                                        layout: layout)
        return (writer, directory)
    }

    @Test("A first keyframe must carry SPS and PPS (ISO/IEC 14496-15 §5.3.3.1)", arguments: [
        (idr, MatroskaWriterError.firstKeyframeLacksParameterSets(hasSPS: false, hasPPS: false)),
        (sps + idr, MatroskaWriterError.firstKeyframeLacksParameterSets(hasSPS: true, hasPPS: false)),
        (pps + idr, MatroskaWriterError.firstKeyframeLacksParameterSets(hasSPS: false, hasPPS: true)),
        ([0, 0, 1, 0x67, 0x42] + pps + idr, MatroskaWriterError.sequenceParameterSetTooShort),
    ])
    func keyframeWithoutParameterSets(bytes: [UInt8], expected: MatroskaWriterError) throws {
        let (writer, directory) = try Self.writer()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: expected) { try writer.append(Self.frame(bytes)) }
        // The writer still waits for a proper keyframe and takes it.
        #expect(try writer.append(Self.frame(Self.sps + Self.pps + Self.idr)) == .written)
        try writer.close()
    }

    @Test("Malformed access units are refused before any byte is written (H.264 Annex B.1)", arguments: [
        ([UInt8](), AnnexBFormatError.emptyAccessUnit),
        ([0x65, 0x88, 0x84], AnnexBFormatError.noStartCodeAtStart),
        ([0, 0, 1, 0, 0, 1], AnnexBFormatError.noNALUnits),
    ])
    func malformedAccessUnit(bytes: [UInt8], expected: AnnexBFormatError) throws {
        let (writer, directory) = try Self.writer()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: expected) { try writer.append(Self.frame(bytes)) }
        #expect(writer.statistics == MatroskaWriterStatistics())
    }

    @Test("Delta frames before the first keyframe are skipped and counted; audio waits for it")
    func beforeFirstKeyframe() throws {
        let (writer, directory) = try Self.writer()
        defer { try? FileManager.default.removeItem(at: directory) }
        var delta = Self.frame(Self.slice)
        delta.isKeyframe = false
        #expect(try writer.append(delta) == .skippedAwaitingKeyframe)
        let packets = try SinkTestSupport.opusTone(packets: 3, channelCount: 2, start: .zero)
        #expect(try writer.append(packets[0]) == .held)
        var keyframe = Self.frame(Self.sps + Self.pps + Self.idr)
        keyframe.timestamp = MediaTime(nanoseconds: 10_000_000)  // after packet 0, before packet 1
        #expect(try writer.append(keyframe) == .written)
        #expect(try writer.append(packets[1]) == .written)
        #expect(writer.statistics.videoFramesSkippedBeforeKeyframe == 1)
        #expect(writer.statistics.audioPacketsDroppedBeforeFirstKeyframe == 1)
        #expect(writer.statistics.audioPacketsWritten == 1)
        try writer.close()
    }

    @Test("Audio rules: not empty (RFC 6716 §3.1), channel count as declared, track declared")
    func audioRules() throws {
        let (writer, directory) = try Self.writer()
        defer { try? FileManager.default.removeItem(at: directory) }
        var packet = try SinkTestSupport.opusTone(packets: 1, channelCount: 2)[0]
        packet.payload = []
        #expect(throws: MatroskaWriterError.emptyOpusPacket) { try writer.append(packet) }
        let mono = try SinkTestSupport.opusTone(packets: 1, channelCount: 1)[0]
        #expect(throws: MatroskaWriterError.audioChannelCountChanged(declared: 2, packet: 1)) { try writer.append(mono) }

        let (videoOnly, other) = try Self.writer(MatroskaTrackLayout(hasVideo: true, audioChannelCount: nil))
        defer { try? FileManager.default.removeItem(at: other) }
        #expect(throws: MatroskaWriterError.audioTrackNotDeclared) { try videoOnly.append(mono) }
    }

    @Test("Layouts a recording cannot have", arguments: [
        (MatroskaTrackLayout(hasVideo: false, audioChannelCount: nil), MatroskaWriterError.noTracksDeclared),
        (MatroskaTrackLayout(hasVideo: true, audioChannelCount: 6), MatroskaWriterError.audioChannelCountUnsupported(6)),
    ])
    func impossibleLayouts(layout: MatroskaTrackLayout, expected: MatroskaWriterError) throws {
        let directory = try SinkTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: expected) {
            _ = try MatroskaWriter(destination: .file(path: directory.appendingPathComponent("x.mkv").path), layout: layout)
        }
    }

    @Test("Video into an audio-only recording, and writes after close, are refused")
    func wrongTrackAndClosed() throws {
        let (writer, directory) = try Self.writer(MatroskaTrackLayout(hasVideo: false, audioChannelCount: 2))
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: MatroskaWriterError.videoTrackNotDeclared) { try writer.append(Self.frame(Self.sps + Self.pps + Self.idr)) }
        try writer.close()
        try writer.close()  // idempotent
        let packet = try SinkTestSupport.opusTone(packets: 1, channelCount: 2)[0]
        #expect(throws: SinkOutputError.alreadyFinished) { try writer.append(packet) }
    }
}
