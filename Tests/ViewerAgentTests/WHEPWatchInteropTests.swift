import Foundation
import Testing
import TestSupport
import ViewerAgentCore

/// The real `viewer-agent` executable pulling from an independent WHEP server written with
/// aiortc (`Tests/Interop/aiortc_whep_server.py`) over loopback: outputs, statistics, exit
/// codes, Ctrl-C, and a server restart in the middle of a watch.
///
/// Needs `.venv` (scripts/bootstrap), `ffprobe` and `curl`; the executable is the one
/// `swift build --build-tests` put beside the test bundle.
@Suite("viewer-agent watch --whep against aiortc", .serialized, .enabled(if: JSONLinesPeerProcess.pythonExists))
struct WHEPWatchInteropTests {
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("viewer-agent")

    static func directory(_ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "viewer-whep-\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// An environment with nothing of the user's peercam configuration in it.
    static func environment(configDirectory: String, extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PEERCAM_") }
        environment["PEERCAM_CONFIG_DIR"] = configDirectory
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// Starts `viewer-agent` for a test that signals it (outputs discarded); await its end with
    /// `ProcessRun.exit(of:)`.
    static func startWatch(_ arguments: [String], configDirectory: String) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment(configDirectory: configDirectory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func report(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("5 s from aiortc: Y4M frames, WAV tone samples, an MKV ffprobe accepts, sensible stats, DELETE on exit, exit 0")
    func fiveSeconds() async throws {
        let server = try await AiortcWHEPServer(token: "interop-secret")
        defer { Task { await server.stop() } }
        let directory = try Self.directory("five")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = try await ProcessRun.run(executable: Self.executable, arguments: [
            "watch", "--whep", server.url, "--token", "interop-secret", "--duration", "5",
            "--video-out", "video.y4m", "--audio-out", "audio.wav", "--record", "recording.mkv",
            "--stats-json", "stats.json", "--status-line", "never",
        ], environment: Self.environment(configDirectory: directory, extra: ["PEERCAM_OUTPUT_DIR": directory]))
        #expect(outcome.status == 0, "stderr: \(outcome.errorOutput.suffix(1500))")

        let video = try OutputFiles.y4m(directory + "/video.y4m")
        #expect(video.width == 320 && video.height == 240)
        #expect(video.frames >= 30, "15 fps for 5 s less set-up; got \(video.frames)")
        let audio = try OutputFiles.wavSampleFrames(directory + "/audio.wav")
        #expect(audio.rate == 48_000)
        #expect(audio.frames >= 48_000 * 3, "at least 3 s of the tone; got \(audio.frames) sample frames")
        #expect(try await OutputFiles.ffprobeStreams(directory + "/recording.mkv").sorted() == ["h264", "opus"])
        let videoTimes = try await OutputFiles.ffprobePacketTimes(directory + "/recording.mkv", stream: "v:0")
        #expect(videoTimes.count >= 30)
        #expect(zip(videoTimes, videoTimes.dropFirst()).allSatisfy { $0 < $1 }, "recording timestamps increase")

        let stats = try Self.report(directory + "/stats.json")
        #expect(stats["exitCode"] as? Int == 0)
        #expect(stats["endReason"] as? String == "hangup")
        #expect(stats["stoppedBy"] as? String == "durationReached")
        #expect(stats["source"] as? String == "whep")
        #expect((stats["framesDecoded"] as? Int ?? 0) >= video.frames)
        #expect((stats["bytesReceived"] as? Int ?? 0) > 10_000)
        #expect(stats["reconnects"] as? Int == 0)
        let firstFrame = try #require(stats["timeToFirstFrameSeconds"] as? Double)
        #expect(firstFrame > 0 && firstFrame < 4, "time to first frame \(firstFrame) s")
        let duration = try #require(stats["durationSeconds"] as? Double)
        #expect(duration >= 5 && duration < 9)

        // The viewer deleted its resource, and the server has no session left.
        let deleted = try #require(try await server.listing("/sessions/deleted") as? [String])
        #expect(deleted.count == 1)
        let live = try #require(try await server.listing("/sessions") as? [Any])
        #expect(live.isEmpty)
    }

    @Test("A wrong token exits 77 with the server's 401 body; nothing is retried")
    func wrongToken() async throws {
        let server = try await AiortcWHEPServer(token: "right")
        defer { Task { await server.stop() } }
        let directory = try Self.directory("token")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let started = ContinuousClock.now
        let outcome = try await ProcessRun.run(executable: Self.executable, arguments: [
            "watch", "--whep", server.url, "--duration", "20", "--stats-json", directory + "/stats.json",
        ], environment: Self.environment(configDirectory: directory, extra: ["PEERCAM_WHEP_TOKEN": "wrong"]))
        #expect(outcome.status == ViewerExitCode.unauthorized.rawValue)
        #expect(outcome.errorOutput.contains("401") && outcome.errorOutput.contains("unknown bearer token"), "\(outcome.errorOutput)")
        #expect(!outcome.errorOutput.contains("wrong\n"), "the token is never printed")
        #expect(ContinuousClock.now - started < .seconds(10), "an authorization failure ends at once")
        #expect(try Self.report(directory + "/stats.json")["exitCode"] as? Int == 77)
    }

    @Test("A server that is not there exits 69 (unreachable)")
    func unreachable() async throws {
        let directory = try Self.directory("unreachable")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = try await ProcessRun.run(executable: Self.executable, arguments: [
            "watch", "--whep", "http://127.0.0.1:9/whep/main", "--token", "t", "--duration", "10",
        ], environment: Self.environment(configDirectory: directory))
        #expect(outcome.status == ViewerExitCode.unreachable.rawValue, "\(outcome.errorOutput)")
    }

    @Test("A stream name the server does not serve exits 76 with the server's 404 body")
    func unknownStream() async throws {
        let server = try await AiortcWHEPServer(token: "t")
        defer { Task { await server.stop() } }
        let directory = try Self.directory("stream")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = try await ProcessRun.run(executable: Self.executable, arguments: [
            "watch", "--whep", server.url.replacingOccurrences(of: "/whep/main", with: "/whep/other"), "--token", "t",
        ], environment: Self.environment(configDirectory: directory))
        #expect(outcome.status == ViewerExitCode.streamFailure.rawValue)
        #expect(outcome.errorOutput.contains("404") && outcome.errorOutput.contains("unknown stream"), "\(outcome.errorOutput)")
    }

    @Test("SIGINT (Ctrl-C) mid-watch: exit 0, WAV and MKV finalised, the WHEP resource deleted")
    func interrupt() async throws {
        let server = try await AiortcWHEPServer(token: "t")
        defer { Task { await server.stop() } }
        let directory = try Self.directory("sigint")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let process = try Self.startWatch(["watch", "--whep", server.url, "--token", "t", "--audio-out", directory + "/audio.wav",
                                           "--record", directory + "/recording.mkv", "--stats-json", directory + "/stats.json"],
                                          configDirectory: directory)
        try await Task.sleep(for: .seconds(4))
        kill(process.processIdentifier, SIGINT)
        let status = await ProcessRun.exit(of: process)
        #expect(status == 0)
        #expect(try OutputFiles.wavSampleFrames(directory + "/audio.wav").frames > 48_000)
        #expect(try await OutputFiles.ffprobeStreams(directory + "/recording.mkv").sorted() == ["h264", "opus"])
        let stats = try Self.report(directory + "/stats.json")
        #expect(stats["stoppedBy"] as? String == "interrupted")
        let deleted = try #require(try await server.listing("/sessions/deleted") as? [String])
        #expect(deleted.count == 1)
    }

    @Test("The server restarts mid-watch: the viewer reconnects with back-off and keeps writing the same outputs")
    func reconnectAfterServerRestart() async throws {
        let first = try await AiortcWHEPServer(token: "t")
        let directory = try Self.directory("reconnect")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        async let watched = ProcessRun.run(executable: Self.executable, arguments: [
            "watch", "--whep", first.url, "--token", "t", "--duration", "16", "--video-out", directory + "/video.y4m",
            "--record", directory + "/recording.mkv", "--stats-json", directory + "/stats.json",
        ], environment: Self.environment(configDirectory: directory, extra: [
            "PEERCAM_RECONNECT_INITIAL_DELAY_MS": "200", "PEERCAM_RECONNECT_MAX_DELAY_MS": "1000"]))
        try await Task.sleep(for: .seconds(5))
        await first.stop()
        try await Task.sleep(for: .seconds(1))
        let second = try await AiortcWHEPServer(token: "t", port: first.port)
        defer { Task { await second.stop() } }
        let outcome = try await watched
        let logText = outcome.errorOutput
        #expect(outcome.status == 0, "\(logText.suffix(2000))")

        let stats = try Self.report(directory + "/stats.json")
        #expect((stats["reconnects"] as? Int ?? 0) >= 1, "\(logText.suffix(2000))")
        #expect((stats["sessionsActive"] as? Int ?? 0) >= 2)
        let video = try OutputFiles.y4m(directory + "/video.y4m")
        #expect(video.frames >= 60, "frames from both servers in one Y4M; got \(video.frames)")
        let times = try await OutputFiles.ffprobePacketTimes(directory + "/recording.mkv", stream: "v:0")
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 }, "timestamps stay monotonic across the reconnect")
        let largestGap = zip(times, times.dropFirst()).map { $1 - $0 }.max() ?? 0
        #expect(largestGap > 0.5, "the outage shows as a gap in the recording (\(largestGap) s)")
        let deleted = try #require(try await second.listing("/sessions/deleted") as? [String])
        #expect(deleted.count == 1, "the second session's resource was deleted at the end")
    }
}
