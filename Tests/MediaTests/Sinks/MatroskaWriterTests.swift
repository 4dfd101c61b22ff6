import Foundation
import Testing
@testable import Media

/// Recordings judged by ffprobe and ffmpeg, which share no code with the writer.
@Suite("Matroska recordings of the original H264 and Opus")
struct MatroskaWriterTests {
    @Test("3 s of H264 + stereo Opus: ffprobe sees h264 and opus, every frame, 3 s; ffmpeg decodes it cleanly")
    func videoAndAudioRecording() throws {
        let directory = try SinkTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let frames = SinkTestSupport.accessUnits(of: try SinkTestSupport.makeH264(in: directory))
        let packets = try SinkTestSupport.opusTone(packets: 150, channelCount: 2)
        #expect(frames.count == 90)

        let path = directory.appendingPathComponent("both.mkv").path
        let writer = try MatroskaWriter(destination: .file(path: path), layout: .videoAndStereo)
        // Interleave as a receiver would: audio every 20 ms, video every 33 ms.
        var audioIndex = 0
        for frame in frames {
            while audioIndex < packets.count && packets[audioIndex].timestamp <= frame.timestamp {
                // The first packet waits (.held) for the keyframe that fixes the tracks.
                #expect(try writer.append(packets[audioIndex]) == (audioIndex == 0 ? .held : .written))
                audioIndex += 1
            }
            #expect(try writer.append(frame) == .written)
        }
        for packet in packets[audioIndex...] { try writer.append(packet) }
        try writer.close()
        #expect(writer.statistics.videoFramesWritten == 90)
        #expect(writer.statistics.audioPacketsWritten == 150)
        #expect(writer.statistics.clustersWritten == 3)  // one per keyframe (GOP 30)

        let report = try SinkTestSupport.probe(path, in: directory)
        let video = try #require(report.stream("video"))
        let audio = try #require(report.stream("audio"))
        #expect(video.codecName == "h264")
        #expect(video.width == 320 && video.height == 240)
        #expect(video.readFrames == 90)
        #expect(audio.codecName == "opus")
        #expect(audio.channels == 2 && audio.sampleRate == 48_000)
        #expect(audio.readFrames == 150)
        let duration = try #require(report.formatDuration)
        #expect(abs(duration - 3.0) < 0.05, "duration \(duration)")
        #expect(try SinkTestSupport.decodeErrors(path, in: directory) == "")
        // Seeking goes through the SeekHead and Cues patched in on close.
        #expect(try SinkTestSupport.decodeErrors(path, in: directory, seekingTo: 2.1) == "")
    }

    @Test("Video-only and audio-only recordings", arguments: [
        (MatroskaTrackLayout(hasVideo: true, audioChannelCount: nil), ["video"]),
        (MatroskaTrackLayout(hasVideo: false, audioChannelCount: 1), ["audio"]),
        (MatroskaTrackLayout(hasVideo: false, audioChannelCount: 2, maximumClusterDuration: .seconds(1)), ["audio"]),
    ])
    func singleTrackRecording(layout: MatroskaTrackLayout, expectedTypes: [String]) throws {
        let directory = try SinkTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("single.mkv").path
        let writer = try MatroskaWriter(destination: .file(path: path), layout: layout)
        if layout.hasVideo {
            for frame in SinkTestSupport.accessUnits(of: try SinkTestSupport.makeH264(seconds: 2, in: directory)) {
                try writer.append(frame)
            }
        }
        if let channels = layout.audioChannelCount {
            for packet in try SinkTestSupport.opusTone(packets: 100, channelCount: channels) { try writer.append(packet) }
        }
        try writer.close()

        let report = try SinkTestSupport.probe(path, in: directory)
        #expect(report.streams.map(\.codecType) == expectedTypes)
        if let video = report.stream("video") {
            #expect(video.codecName == "h264" && video.readFrames == 60)
        }
        if let audio = report.stream("audio") {
            #expect(audio.codecName == "opus" && audio.readFrames == 100 && audio.channels == layout.audioChannelCount)
        }
        #expect(abs((report.formatDuration ?? 0) - 2.0) < 0.05)
        #expect(try SinkTestSupport.decodeErrors(path, in: directory) == "")
        if !layout.hasVideo {
            // Clusters every ≤ maximumClusterDuration when no keyframes start them.
            let limit = Int(layout.maximumClusterDuration.seconds)
            #expect(writer.statistics.clustersWritten == (2 + limit - 1) / limit)
        }
    }

    @Test("A reconnect gap is kept, and timestamps that go backwards are repaired to stay monotonic")
    func gapsAndBackwardTimestamps() throws {
        let directory = try SinkTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var frames = SinkTestSupport.accessUnits(of: try SinkTestSupport.makeH264(in: directory))
        // A 2 s pause after frame 59 (the viewer reconnected; frame 60 is a keyframe).
        for index in 60..<90 { frames[index].timestamp = frames[index].timestamp + .seconds(2) }
        // Frames 10 and 11 arrive with swapped capture times (jitter).
        (frames[10].timestamp, frames[11].timestamp) = (frames[11].timestamp, frames[10].timestamp)

        let path = directory.appendingPathComponent("gap.mkv").path
        let writer = try MatroskaWriter(destination: .file(path: path), layout: MatroskaTrackLayout(hasVideo: true, audioChannelCount: nil))
        for frame in frames { try writer.append(frame) }
        try writer.close()
        #expect(writer.timestampsRepaired == 1)

        let report = try SinkTestSupport.probe(path, in: directory)
        #expect(report.stream("video")?.readFrames == 90)
        #expect(abs((report.formatDuration ?? 0) - 5.0) < 0.05, "duration \(report.formatDuration ?? -1)")
        // The repaired frame sits 1 ms after its neighbour; ffmpeg's default
        // constant-rate output (1/30 s ticks) would fold the two together, so
        // decode with millisecond output ticks to see every frame pass.
        let decoded = try SinkTestSupport.run("/usr/bin/ffmpeg", [
            "-v", "error", "-i", path, "-fps_mode", "passthrough", "-enc_time_base", "1:1000", "-f", "framecrc", "-",
        ], in: directory)
        #expect(decoded.status == 0 && decoded.standardError == "", "\(decoded.standardError)")
        let decodedFrames = String(decoding: decoded.standardOutput, as: UTF8.self)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }.count
        #expect(decodedFrames == 90)
        let times = try SinkTestSupport.packetTimes(path, in: directory)
        #expect(times == times.sorted(), "packet times must not go backwards")
        #expect(times.count == 90 && abs(times[60] - times[59] - 2.033) < 0.002)
    }

    @Test("A source restarting its clock (a big step back) keeps its frame spacing after the repair")
    func clockRestart() throws {
        var clock = MatroskaTrackClock()
        #expect([0, 33, 67].map { clock.place($0, duration: nil) } == [0, 33, 67])
        // Back by 10 s: continues 1 ms after the last, then keeps 33 ms spacing.
        #expect([-10_000, -9_967, -9_933].map { clock.place($0, duration: nil) } == [68, 101, 135])
        // A small step back (jitter) is clamped, not shifted.
        #expect(clock.place(-9_940, duration: nil) == 136)
        #expect(clock.place(-9_900, duration: nil) == 168)
        #expect(clock.repairs == 2)
    }

    @Test("Recording to a pipe (not seekable): streamed with unknown sizes, ffprobe reads it from stdin")
    func recordingToPipe() throws {
        let directory = try SinkTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let frames = SinkTestSupport.accessUnits(of: try SinkTestSupport.makeH264(seconds: 2, in: directory))
        let packets = try SinkTestSupport.opusTone(packets: 100, channelCount: 2)
        let pipe = Pipe()
        let probe = try SinkTestSupport.start("/usr/bin/ffprobe", [
            "-v", "error", "-show_streams", "-count_frames", "-of", "json", "-i", "pipe:0",
        ], standardInput: pipe.fileHandleForReading, in: directory)
        let writer = try MatroskaWriter(destination: .fileDescriptor(pipe.fileHandleForWriting.fileDescriptor),
                                        layout: .videoAndStereo)
        for (index, frame) in frames.enumerated() {
            try writer.append(frame)
            if index < packets.count / 2 {
                try writer.append(packets[2 * index])
                try writer.append(packets[2 * index + 1])
            }
        }
        try writer.close()
        try pipe.fileHandleForWriting.close()
        let result = try SinkTestSupport.finish(probe)
        #expect(result.status == 0, "\(result.standardError)")
        let report = try FFprobeReport(json: result.standardOutput)
        #expect(report.stream("video")?.readFrames == 60)
        #expect(report.stream("audio")?.readFrames == 100)
    }
}
