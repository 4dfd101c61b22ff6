import Foundation
import Media
import TestSupport

/// Reads back what a watch wrote: Y4M frame counts, WAV sample counts (with the header sizes a
/// finalised file has), ffprobe's view of the Matroska recording.
enum OutputFiles {
    struct Y4M {
        var width: Int
        var height: Int
        var frames: Int
        /// Mean luma of each frame (the aiortc bar pattern brightens frame by frame).
        var lumaMeans: [Double]
        /// The index `TestPatternSource` stamped into each frame (nil where unreadable).
        var testPatternIndices: [UInt32?]
    }

    static func y4m(_ path: String) throws -> Y4M {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let newline = data.firstIndex(of: 10) else { throw OutputFileError("\(path): no Y4M header") }
        let header = String(decoding: data[..<newline], as: UTF8.self).split(separator: " ")
        guard header.first == "YUV4MPEG2",
              let width = header.first(where: { $0.hasPrefix("W") }).flatMap({ Int($0.dropFirst()) }),
              let height = header.first(where: { $0.hasPrefix("H") }).flatMap({ Int($0.dropFirst()) }) else {
            throw OutputFileError("\(path): bad Y4M header")
        }
        let frameSize = width * height * 3 / 2
        var offset = newline + 1
        var means: [Double] = []
        var indices: [UInt32?] = []
        let reader = TestPatternFrameIndexReader()
        var frame = VideoFrame(width: width, height: height)
        while offset < data.count {
            guard let end = data[offset...].firstIndex(of: 10),
                  String(decoding: data[offset..<end], as: UTF8.self).hasPrefix("FRAME") else {
                throw OutputFileError("\(path): frame \(means.count) has no FRAME line")
            }
            let start = end + 1
            guard start + frameSize <= data.count else { throw OutputFileError("\(path): frame \(means.count) truncated") }
            let luma = data[start..<(start + width * height)]
            means.append(Double(luma.reduce(0) { $0 + Int($1) }) / Double(width * height))
            frame.storage.replaceSubrange(0..<frameSize, with: data[start..<(start + frameSize)])
            indices.append(reader.frameIndex(in: frame))
            offset = start + frameSize
        }
        return Y4M(width: width, height: height, frames: means.count, lumaMeans: means, testPatternIndices: indices)
    }

    /// Sample frames of a finalised WAV: the RIFF and data sizes must match the file.
    static func wavSampleFrames(_ path: String) throws -> (frames: Int, channels: Int, rate: Int) {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        func word(_ at: Int) -> Int { data[at..<at + 4].reversed().reduce(0) { $0 << 8 | Int($1) } }
        func half(_ at: Int) -> Int { Int(data[at]) | Int(data[at + 1]) << 8 }
        guard data.count >= 44, data.prefix(4) == Data("RIFF".utf8) else { throw OutputFileError("\(path): not RIFF") }
        guard word(4) == data.count - 8 else { throw OutputFileError("\(path): RIFF size \(word(4)) not finalised (file \(data.count))") }
        var offset = 12
        var channels = 0, rate = 0, bits = 16
        while offset + 8 <= data.count {
            let id = String(decoding: data[offset..<offset + 4], as: UTF8.self)
            let size = word(offset + 4)
            if id == "fmt " {
                channels = half(offset + 10)
                rate = word(offset + 12)
                bits = half(offset + 22)
            } else if id == "data" {
                guard offset + 8 + size == data.count else { throw OutputFileError("\(path): data size not finalised") }
                return (size / max(1, channels * bits / 8), channels, rate)
            }
            offset += 8 + size + (size & 1)
        }
        throw OutputFileError("\(path): no data chunk")
    }

    /// `ffprobe` codec names of the recording's streams, and its decoded video packet count.
    static func ffprobeStreams(_ path: String) async throws -> [String] {
        let outcome = try await ProcessRun.run(command: "ffprobe", arguments: [
            "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", path])
        guard outcome.succeeded else { throw OutputFileError("ffprobe refused \(path): \(outcome.errorOutput)") }
        return outcome.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Presentation times of one stream's packets (`v:0`, `a:0`), in file order.
    static func ffprobePacketTimes(_ path: String, stream: String) async throws -> [Double] {
        let outcome = try await ProcessRun.run(command: "ffprobe", arguments: [
            "-v", "error", "-select_streams", stream, "-show_entries", "packet=pts_time", "-of", "csv=p=0", path])
        guard outcome.succeeded else { throw OutputFileError("ffprobe refused \(path): \(outcome.errorOutput)") }
        return outcome.output.split(separator: "\n").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }
}

struct OutputFileError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
