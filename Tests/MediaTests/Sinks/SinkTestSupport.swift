import COpus
import Foundation
import Testing
@testable import Media

/// Real media and real tools for the sink tests: H264 made by Debian's ffmpeg
/// (libx264), Opus made by libopus through COpus, and ffprobe/ffmpeg to judge
/// what the writers produced.
enum SinkTestSupport {
    /// A fresh directory under /tmp, removed by the caller with `remove`.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("peercam-sinks-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    struct ToolResult {
        var status: Int32
        var standardOutput: Data
        var standardError: String
    }

    /// Runs a tool to completion; output goes through files so a chatty tool
    /// cannot fill a pipe and stall.
    static func run(_ tool: String, _ arguments: [String], standardInput: FileHandle? = nil,
                    in directory: URL) throws -> ToolResult {
        let process = try start(tool, arguments, standardInput: standardInput, in: directory)
        return try finish(process)
    }

    struct RunningTool {
        let process: Process
        let outputURL: URL
        let errorURL: URL
    }

    static func start(_ tool: String, _ arguments: [String], standardInput: FileHandle? = nil,
                      in directory: URL) throws -> RunningTool {
        let id = UUID().uuidString
        let outputURL = directory.appendingPathComponent("\(id).out")
        let errorURL = directory.appendingPathComponent("\(id).err")
        for url in [outputURL, errorURL] {
            try #require(FileManager.default.createFile(atPath: url.path, contents: nil))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        process.standardInput = standardInput ?? FileHandle.nullDevice
        try process.run()
        return RunningTool(process: process, outputURL: outputURL, errorURL: errorURL)
    }

    static func finish(_ running: RunningTool) throws -> ToolResult {
        running.process.waitUntilExit()
        return ToolResult(status: running.process.terminationStatus,
                          standardOutput: try Data(contentsOf: running.outputURL),
                          standardError: String(decoding: try Data(contentsOf: running.errorURL), as: UTF8.self))
    }

    /// `ffprobe -show_streams -show_format -count_frames -of json`, parsed.
    static func probe(_ path: String, in directory: URL, extra: [String] = []) throws -> FFprobeReport {
        let result = try run("/usr/bin/ffprobe", ["-v", "error", "-show_streams", "-show_format", "-count_frames",
                                                  "-of", "json"] + extra + [path], in: directory)
        #expect(result.status == 0, "ffprobe failed: \(result.standardError)")
        return try FFprobeReport(json: result.standardOutput)
    }

    /// Decodes every stream to nowhere; returns ffmpeg's complaints (empty when clean).
    static func decodeErrors(_ path: String, in directory: URL, seekingTo seconds: Double? = nil) throws -> String {
        let seek = seconds.map { ["-ss", "\($0)"] } ?? []
        let result = try run("/usr/bin/ffmpeg", ["-v", "error"] + seek + ["-i", path, "-f", "null", "-"], in: directory)
        return result.status == 0 ? result.standardError : "exit \(result.status): \(result.standardError)"
    }

    /// Presentation times of the video packets, in file order.
    static func packetTimes(_ path: String, in directory: URL) throws -> [Double] {
        let result = try run("/usr/bin/ffprobe", ["-v", "error", "-select_streams", "v", "-show_entries",
                                                  "packet=pts_time", "-of", "csv=p=0", path], in: directory)
        #expect(result.status == 0, "ffprobe failed: \(result.standardError)")
        return String(decoding: result.standardOutput, as: UTF8.self)
            .split(whereSeparator: \.isNewline).compactMap { Double($0.trimmingCharacters(in: .punctuationCharacters)) }
    }

    // MARK: - H264 from ffmpeg

    /// `seconds` of 320×240 30 fps constrained-baseline H264 with an AUD before
    /// each access unit and an IDR every `gop` frames, as made by libx264.
    static func makeH264(seconds: Int = 3, gop: Int = 30, in directory: URL) throws -> [UInt8] {
        let path = directory.appendingPathComponent("source.h264").path
        let result = try run("/usr/bin/ffmpeg", [
            "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "\(seconds)",
            "-c:v", "libx264", "-profile:v", "baseline", "-bf", "0", "-g", "\(gop)",
            "-bsf:v", "h264_metadata=aud=insert", "-f", "h264", "-y", path,
        ], in: directory)
        #expect(result.status == 0, "ffmpeg could not make H264: \(result.standardError)")
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Splits an elementary stream at its access unit delimiters into frames
    /// stamped `frameInterval` apart from `start`.
    static func accessUnits(of stream: [UInt8], start: MediaTime = MediaTime(nanoseconds: 7_000_000_000),
                            framesPerSecond: Int = 30) -> [EncodedVideoFrame] {
        let units = AnnexBNALUnits(unchecked: stream)
        var boundaries: [Int] = []
        for unit in units where units.type(of: unit) == .accessUnitDelimiter {
            // Back up over the start code so each access unit keeps its own.
            var begin = unit.lowerBound - 3
            if begin > 0 && stream[begin - 1] == 0 { begin -= 1 }
            boundaries.append(begin)
        }
        boundaries.append(stream.count)
        return zip(boundaries, boundaries.dropFirst()).enumerated().map { index, range in
            let bytes = Array(stream[range.0..<range.1])
            let chunk = AnnexBNALUnits(unchecked: bytes)
            let isKeyframe = chunk.contains { chunk.type(of: $0) == .idrSlice }
            let time = start + MediaDuration(nanoseconds: UInt64(index) * 1_000_000_000 / UInt64(framesPerSecond))
            return EncodedVideoFrame(annexB: bytes, isKeyframe: isKeyframe, width: 320, height: 240,
                                     timestamp: time, sequenceNumber: UInt64(index))
        }
    }

    // MARK: - Opus from libopus

    /// 20 ms Opus packets of a 440 Hz tone, stamped from `start`.
    static func opusTone(packets: Int, channelCount: Int,
                         start: MediaTime = MediaTime(nanoseconds: 7_000_000_000)) throws -> [EncodedAudioPacket] {
        var error: Int32 = 0
        let encoder = try #require(opus_encoder_create(48_000, Int32(channelCount), OPUS_APPLICATION_AUDIO, &error))
        defer { opus_encoder_destroy(encoder) }
        #expect(error == OPUS_OK)
        var pcm = [Int16](repeating: 0, count: 960 * channelCount)
        var output = [UInt8](repeating: 0, count: 4_000)
        return try (0..<packets).map { index in
            for sample in 0..<960 {
                let t = Double(index * 960 + sample) / 48_000
                let value = Int16(8_000 * sin(2 * Double.pi * 440 * t))
                for channel in 0..<channelCount { pcm[sample * channelCount + channel] = value }
            }
            let length = opus_encode(encoder, pcm, 960, &output, Int32(output.count))
            try #require(length > 0, "opus_encode failed: \(length)")
            return EncodedAudioPacket(payload: Array(output[0..<Int(length)]), channelCount: channelCount,
                                      samplesPerChannel: 960,
                                      timestamp: start + .milliseconds(UInt64(index) * 20),
                                      sequenceNumber: UInt64(index))
        }
    }
}

/// The parts of ffprobe's JSON the tests check.
struct FFprobeReport {
    struct Stream {
        var codecName: String
        var codecType: String
        var width: Int?
        var height: Int?
        var pixelFormat: String?
        var frameRate: String?
        var sampleAspectRatio: String?
        var sampleRate: Int?
        var channels: Int?
        var readFrames: Int?
        var duration: Double?
    }
    var streams: [Stream]
    var formatDuration: Double?
    var formatName: String?

    init(json: Data) throws {
        let root = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let streams = root["streams"] as? [[String: Any]] ?? []
        self.streams = streams.map { stream in
            Stream(codecName: stream["codec_name"] as? String ?? "",
                   codecType: stream["codec_type"] as? String ?? "",
                   width: stream["width"] as? Int,
                   height: stream["height"] as? Int,
                   pixelFormat: stream["pix_fmt"] as? String,
                   frameRate: stream["r_frame_rate"] as? String,
                   sampleAspectRatio: stream["sample_aspect_ratio"] as? String,
                   sampleRate: (stream["sample_rate"] as? String).flatMap { Int($0) },
                   channels: stream["channels"] as? Int,
                   readFrames: (stream["nb_read_frames"] as? String).flatMap { Int($0) },
                   duration: (stream["duration"] as? String).flatMap { Double($0) })
        }
        let format = root["format"] as? [String: Any]
        formatDuration = (format?["duration"] as? String).flatMap { Double($0) }
        formatName = format?["format_name"] as? String
    }

    func stream(_ type: String) -> Stream? { streams.first { $0.codecType == type } }
}
