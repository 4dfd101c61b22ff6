import Foundation
import Media
import TestSupport

/// Reads back what the pipeline wrote, independently of the writers.
enum OutputFileReaders {
    /// The frame indices the test pattern carries, frame by frame, from a Y4M file
    /// (header line, then `FRAME\n` + width*height*3/2 bytes per frame).
    static func y4mFrameIndices(path: String) throws -> [UInt32?] {
        let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        guard let headerEnd = data.firstIndex(of: 0x0A) else { return [] }
        let header = String(decoding: data[..<headerEnd], as: UTF8.self).split(separator: " ")
        guard let width = header.first(where: { $0.hasPrefix("W") }).flatMap({ Int($0.dropFirst()) }),
              let height = header.first(where: { $0.hasPrefix("H") }).flatMap({ Int($0.dropFirst()) }) else { return [] }
        let frameSize = VideoFrame.byteCount(width: width, height: height)
        let reader = TestPatternFrameIndexReader()
        var indices: [UInt32?] = []
        var offset = headerEnd + 1
        var frame = VideoFrame(width: width, height: height)
        while offset + 6 + frameSize <= data.count {
            guard data[offset..<offset + 6].elementsEqual(Array("FRAME\n".utf8)) else { break }
            offset += 6
            frame.storage.withUnsafeMutableBufferPointer { storage in
                data.withUnsafeBufferPointer { bytes in
                    storage.baseAddress!.update(from: bytes.baseAddress! + offset, count: frameSize)
                }
            }
            indices.append(reader.frameIndex(in: frame))
            offset += frameSize
        }
        return indices
    }

    /// Mono 16-bit samples after the canonical 44-byte WAV header.
    static func wavSamples(path: String) throws -> [Int16] {
        let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        guard data.count > 44 else { return [] }
        var samples: [Int16] = []
        samples.reserveCapacity((data.count - 44) / 2)
        var offset = 44
        while offset + 1 < data.count {
            samples.append(Int16(bitPattern: UInt16(data[offset]) | UInt16(data[offset + 1]) << 8))
            offset += 2
        }
        return samples
    }

    /// Runs ffprobe and returns its standard output, awaited through `ProcessRun` so probing
    /// a long recording never holds a cooperative thread.
    static func ffprobe(_ arguments: [String]) async throws -> String {
        try await ProcessRun.run(executable: URL(fileURLWithPath: "/usr/bin/ffprobe"),
                                 arguments: ["-v", "error"] + arguments).output
    }

    /// Number of decodable video frames ffprobe counts in a file.
    static func ffprobeVideoFrameCount(path: String, format: [String] = []) async throws -> Int? {
        Int(try await ffprobe(format + ["-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames",
                                  "-of", "csv=p=0", path]).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Packet timestamps (seconds) of one stream of a container, in file order.
    static func ffprobePacketTimes(path: String, stream: String) async throws -> [Double] {
        try await ffprobe(["-select_streams", stream, "-show_entries", "packet=pts_time", "-of", "csv=p=0", path])
            .split(separator: "\n").compactMap { Double($0.trimmingCharacters(in: CharacterSet(charactersIn: ", "))) }
    }

    /// Codec names of the streams in a container.
    static func ffprobeCodecs(path: String) async throws -> [String] {
        try await ffprobe(["-show_entries", "stream=codec_name", "-of", "csv=p=0", path])
            .split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespaces) }
    }

    /// A fresh directory for one test's output files.
    static func temporaryDirectory(_ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "viewpipe-\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
