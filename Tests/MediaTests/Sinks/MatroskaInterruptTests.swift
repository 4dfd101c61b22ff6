import Foundation
import Glibc
import Testing
@testable import Media

/// A recorder killed with SIGKILL (no close, no signal handler, no atexit)
/// must leave a file that players read up to its last finished cluster.
///
/// The test binary plays both parts: the parent test starts this same binary
/// again, filtered to `recordUntilKilled`, which only runs when the environment
/// names its files; the parent kills it with SIGKILL mid-recording.
@Suite("Matroska recording interrupted by SIGKILL")
struct MatroskaInterruptTests {
    static let outputVariable = "PEERCAM_MKV_PROBE_OUTPUT"
    static let inputVariable = "PEERCAM_MKV_PROBE_INPUT"
    static let progressVariable = "PEERCAM_MKV_PROBE_PROGRESS"
    static let isChild = ProcessInfo.processInfo.environment[outputVariable] != nil

    @Test("Killed recorder: ffprobe reads every frame of every flushed cluster, ffmpeg decodes them cleanly",
          .disabled(if: isChild), .timeLimit(.minutes(3)))
    func killedRecordingStaysReadable() throws {
        let directory = try SinkTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("source.h264").path
        _ = try SinkTestSupport.makeH264(in: directory)
        let output = directory.appendingPathComponent("killed.mkv").path
        let progress = directory.appendingPathComponent("progress").path

        let child = Process()
        child.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        child.arguments = ["--testing-library", "swift-testing", "--filter", "MatroskaInterruptTests/recordUntilKilled"]
        var environment = ProcessInfo.processInfo.environment
        environment[Self.inputVariable] = input
        environment[Self.outputVariable] = output
        environment[Self.progressVariable] = progress
        child.environment = environment
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()

        // Let it finish at least four clusters (GOP 30 → 30 frames each), then kill it.
        let deadline = MediaTime.now() + .seconds(120)
        while Self.readProgress(progress).video < 120 && MediaTime.now() < deadline && child.isRunning {
            usleep(20_000)
        }
        #expect(child.isRunning, "the recorder must still be running when killed")
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal && child.terminationStatus == SIGKILL)

        // The child records its flushed counts after each cluster's write(2), so
        // the kill can fall between the two: the file holds that many units or
        // exactly one cluster more.
        let flushed = Self.readProgress(progress)
        #expect(flushed.video >= 120)
        let report = try SinkTestSupport.probe(output, in: directory)
        let video = try #require(report.stream("video"))
        let audio = try #require(report.stream("audio"))
        #expect(video.codecName == "h264" && audio.codecName == "opus")
        let videoFrames = try #require(video.readFrames)
        let audioPackets = try #require(audio.readFrames)
        #expect(videoFrames == flushed.video || videoFrames == flushed.video + 30, "\(videoFrames) vs \(flushed)")
        #expect(videoFrames % 30 == 0, "only whole clusters reach the file")
        #expect(audioPackets >= flushed.audio && audioPackets <= flushed.audio + 50)
        #expect(try SinkTestSupport.decodeErrors(output, in: directory) == "")
    }

    /// The child: records the source H264 in a loop (with Opus) at about 3× real
    /// time and reports its flushed counts after each cluster, until killed.
    /// Skipped unless started by the test above.
    @Test("Child process body for the kill test (runs only when spawned by it)", .enabled(if: isChild))
    func recordUntilKilled() throws {
        let environment = ProcessInfo.processInfo.environment
        let input = try #require(environment[Self.inputVariable])
        let output = try #require(environment[Self.outputVariable])
        let progress = try #require(environment[Self.progressVariable])
        let source = SinkTestSupport.accessUnits(of: [UInt8](try Data(contentsOf: URL(fileURLWithPath: input))))
        let tone = try SinkTestSupport.opusTone(packets: 150, channelCount: 2)
        let writer = try MatroskaWriter(destination: .file(path: output), layout: .videoAndStereo)
        let start = MediaTime(nanoseconds: 1_000_000_000)
        var clusters = 0, audioIndex = 0
        let giveUp = MediaTime.now() + .seconds(150)  // an orphan must not run forever
        for index in 0... where MediaTime.now() < giveUp {
            var frame = source[index % source.count]
            frame.timestamp = start + MediaDuration(nanoseconds: UInt64(index) * 1_000_000_000 / 30)
            try writer.append(frame)
            while MediaTime(nanoseconds: start.nanoseconds + UInt64(audioIndex) * 20_000_000) <= frame.timestamp {
                var packet = tone[audioIndex % tone.count]
                packet.timestamp = start + .milliseconds(UInt64(audioIndex) * 20)
                try writer.append(packet)
                audioIndex += 1
            }
            if writer.statistics.clustersWritten != clusters {
                clusters = writer.statistics.clustersWritten
                let line = "\(writer.statistics.videoFramesFlushed) \(writer.statistics.audioPacketsFlushed)"
                try Data(line.utf8).write(to: URL(fileURLWithPath: progress), options: .atomic)
            }
            usleep(10_000)
        }
    }

    static func readProgress(_ path: String) -> (video: Int, audio: Int) {
        guard let data = FileManager.default.contents(atPath: path) else { return (0, 0) }
        let numbers = String(decoding: data, as: UTF8.self).split(separator: " ").compactMap { Int($0) }
        return numbers.count == 2 ? (numbers[0], numbers[1]) : (0, 0)
    }
}
