import Foundation
import Media

/// Reads back what the viewer pipeline wrote, independently of its writers, one frame at a
/// time (10 s of 720p Y4M is 400 MB).
public enum ViewerOutputFiles {
    /// The test pattern's frame index of every Y4M frame (`nil` where unreadable).
    public static func y4mFrameIndexes(path: String) throws -> [UInt32?] {
        let file = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? file.close() }
        var header: [UInt8] = []
        while let byte = try file.read(upToCount: 1)?.first, byte != 0x0A { header.append(byte) }
        let fields = String(decoding: header, as: UTF8.self).split(separator: " ")
        guard let width = fields.first(where: { $0.hasPrefix("W") }).flatMap({ Int($0.dropFirst()) }),
              let height = fields.first(where: { $0.hasPrefix("H") }).flatMap({ Int($0.dropFirst()) }) else { return [] }
        let frameSize = VideoFrame.byteCount(width: width, height: height)
        let reader = TestPatternFrameIndexReader()
        var frame = VideoFrame(width: width, height: height)
        var indexes: [UInt32?] = []
        while let chunk = try file.read(upToCount: 6 + frameSize), chunk.count == 6 + frameSize {
            guard chunk.prefix(6).elementsEqual("FRAME\n".utf8) else { break }
            frame.storage.withUnsafeMutableBytes { storage in
                chunk.withUnsafeBytes { bytes in storage.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[6...])) }
            }
            indexes.append(reader.frameIndex(in: frame))
        }
        return indexes
    }

    /// (20 ms blocks in which the tone is detected, all 20 ms blocks) of a mono 16-bit WAV
    /// (samples after the canonical 44-byte header).
    public static func wavToneBlocks(path: String) throws -> (tone: Int, total: Int) {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard data.count > 44 else { return (0, 0) }
        let samples: [Int16] = data.withUnsafeBytes { bytes in
            stride(from: 44, to: bytes.count - 1, by: 2).map { Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: $0, as: Int16.self)) }
        }
        let detector = ToneDetector()
        var tone = 0
        var total = 0
        var start = 0
        while start + 960 <= samples.count {
            total += 1
            if detector.detect(in: samples[start..<start + 960]) != nil { tone += 1 }
            start += 960
        }
        return (tone, total)
    }
}
