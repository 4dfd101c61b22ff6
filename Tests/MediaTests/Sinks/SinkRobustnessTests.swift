import Foundation
import Glibc
import Testing
@testable import Media
import TestSupport

/// Input nobody planned for: random bytes, long waits for a keyframe, outputs
/// that do not start at offset 0.
@Suite("Sink robustness")
struct SinkRobustnessTests {

    @Test("Random access units never crash the Matroska writer: each is written or refused with AnnexBFormatError",
          arguments: [1, 2, 3] as [UInt64])
    func randomAccessUnits(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let directory = try SinkTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("fuzz.mkv").path
        let writer = try MatroskaWriter(destination: .file(path: path), layout: MatroskaTrackLayout(hasVideo: true, audioChannelCount: nil))
        let keyframe = MatroskaWriterInputTests.sps + MatroskaWriterInputTests.pps + MatroskaWriterInputTests.idr
        try writer.append(MatroskaWriterInputTests.frame(keyframe))
        var written = 1, refused = 0
        for index in 0..<2_000 {
            var bytes = (0..<Int.random(in: 0..<64, using: &random)).map { _ in
                // Mostly zeros and ones so start codes and empty units turn up often.
                Bool.random(using: &random) ? UInt8.random(in: 0...1, using: &random) : UInt8.random(in: 0...255, using: &random)
            }
            if Bool.random(using: &random) { bytes = [0, 0, 1] + bytes }
            var frame = MatroskaWriterInputTests.frame(bytes)
            frame.timestamp = MediaTime(nanoseconds: UInt64(index) * 33_000_000)
            do {
                try writer.append(frame)
                written += 1
            } catch is AnnexBFormatError {
                refused += 1
            }
        }
        try writer.close()
        #expect(written + refused == 2_001 && written > 100 && refused > 100)
        #expect(writer.statistics.videoFramesWritten == written)
        // Whatever the payloads, the container around them stays readable.
        let report = try SinkTestSupport.probe(path, in: directory)
        #expect(report.stream("video")?.codecName == "h264")
    }

    @Test("Audio waiting for a first keyframe is capped; the oldest is dropped and counted")
    func heldAudioCap() throws {
        let directory = try SinkTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("held.mkv").path
        let writer = try MatroskaWriter(destination: .file(path: path), layout: MatroskaTrackLayout(hasVideo: true, audioChannelCount: 1))
        let packets = try SinkTestSupport.opusTone(packets: MatroskaWriter.maximumHeldAudioPackets + 100, channelCount: 1)
        for packet in packets { #expect(try writer.append(packet) == .held) }
        #expect(writer.statistics.audioPacketsDroppedBeforeFirstKeyframe == 100)
        var keyframe = MatroskaWriterInputTests.frame(MatroskaWriterInputTests.sps + MatroskaWriterInputTests.pps + MatroskaWriterInputTests.idr)
        keyframe.timestamp = packets[100].timestamp
        try writer.append(keyframe)
        #expect(writer.statistics.audioPacketsWritten == MatroskaWriter.maximumHeldAudioPackets)
        try writer.close()
        #expect(try SinkTestSupport.probe(path, in: directory).stream("audio")?.readFrames == MatroskaWriter.maximumHeldAudioPackets)
    }

    @Test("A seekable output that starts part-way into a file (stdout >> file): WAV sizes are patched relative to the start")
    func wavAtOffset() throws {
        let directory = try SinkTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("prefixed.wav").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let prefix = [UInt8](repeating: 0xAA, count: 100)
        #expect(write(descriptor, prefix, prefix.count) == 100)
        let writer = try WAVWriter(destination: .fileDescriptor(descriptor), channelCount: 1)
        let block = RawSinkTests.audio(blocks: 1, channelCount: 1)[0]
        try writer.write(block)
        try writer.close()
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(Array(bytes[0..<100]) == prefix)
        #expect(Array(bytes[100..<144]) == WAVWriter.header(channelCount: 1, riffSize: 36 + 1_920, dataSize: 1_920))
        #expect(bytes.count == 144 + 1_920)
    }

    @Test("Random byte streams split into NAL units that lie inside the buffer and never cover a start code")
    func nalSplitNeverCrashes() {
        var random = SeededGenerator(seed: 42)
        for _ in 0..<5_000 {
            let bytes = (0..<Int.random(in: 0..<48, using: &random)).map { _ in UInt8.random(in: 0...2, using: &random) }
            for unit in AnnexBNALUnits(unchecked: bytes) {
                #expect(unit.lowerBound >= 3 && unit.upperBound <= bytes.count)
                let slice = Array(bytes[unit])
                #expect(!(0..<max(0, slice.count - 2)).contains { slice[$0] == 0 && slice[$0 + 1] == 0 && slice[$0 + 2] == 1 })
            }
        }
    }
}
