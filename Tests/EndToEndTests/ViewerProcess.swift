import Foundation
import Testing
import TestSupport

/// The real `viewer-agent` executable: pairing, then `watch` runs with their outputs and
/// log in a directory of their own.
final class ViewerProcess: @unchecked Sendable {
    static var executable: URL { AgentProcess.binDirectory.appendingPathComponent("viewer-agent") }

    let directory: String
    var configDirectory: String { directory + "/config" }
    var videoPath: String { directory + "/video.y4m" }
    var audioPath: String { directory + "/audio.wav" }
    var recordingPath: String { directory + "/recording.mkv" }
    var statsPath: String { directory + "/stats.json" }
    var logFile: String { directory + "/viewer-agent.log" }
    private var watchProcess: Process?

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("peercam-viewer-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit {
        if let watchProcess, watchProcess.isRunning { kill(watchProcess.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// `viewer-agent pair URL CODE --fingerprint FP`.
    func pair(with camera: AgentProcess, name: String = "e2e viewer") async throws -> ProcessRun.Outcome {
        let issued = try await camera.issuePairingCode()
        return try await ProcessRun.run(executable: Self.executable, arguments: [
            "pair", issued.cameraURL, issued.code, "--fingerprint", issued.fingerprint, "--name", name,
            "--config-dir", configDirectory])
    }

    /// Starts `viewer-agent watch` writing every output; `decode: false` records only.
    func startWatch(duration: Double?, decode: Bool = true, extra: [String] = []) throws {
        let process = Process()
        process.executableURL = Self.executable
        var arguments = ["watch", "--config-dir", configDirectory, "--ice-address", "127.0.0.1",
                         "--record", recordingPath, "--stats-json", statsPath, "--status-line", "never"]
        if decode { arguments += ["--video-out", videoPath, "--audio-out", audioPath] }
        if let duration { arguments += ["--duration", "\(duration)"] }
        process.arguments = arguments + extra
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PEERCAM_") }
        environment["XDG_CONFIG_HOME"] = directory + "/xdg"
        process.environment = environment
        FileManager.default.createFile(atPath: logFile, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        process.standardOutput = log
        process.standardError = log
        try process.run()
        watchProcess = process
    }

    var process: Process? { watchProcess }

    /// Waits for the watch to end; its exit status.
    func waitForExit() async -> Int32 {
        guard let watchProcess else { return -1 }
        return await ProcessRun.exit(of: watchProcess)
    }

    func signal(_ number: Int32) {
        if let watchProcess { kill(watchProcess.processIdentifier, number) }
    }

    var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

    /// The `--stats-json` report, as a dictionary.
    func stats() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: statsPath))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.intValue ?? 0
    }
}

extension ViewerProcess {
    /// What a finished watch of the camera's test source must have written: every Y4M
    /// picture a readable test pattern with strictly increasing frame indexes, the tone in
    /// at least 80 % of the WAV's 20 ms blocks, and H264 + Opus in the recording.
    func expectTestSourceOutputs(minimumFrames: Int, minimumAudioBlocks: Int,
                                 sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let indexes = try ViewerOutputFiles.y4mFrameIndexes(path: videoPath)
        let read = indexes.compactMap { $0 }
        #expect(read.count >= minimumFrames, "\(read.count) frames", sourceLocation: sourceLocation)
        #expect(read.count == indexes.count, "every picture is a readable test pattern", sourceLocation: sourceLocation)
        #expect(zip(read, read.dropFirst()).allSatisfy { $0 < $1 }, "frame indexes strictly increase",
                sourceLocation: sourceLocation)
        let tone = try ViewerOutputFiles.wavToneBlocks(path: audioPath)
        #expect(tone.total > minimumAudioBlocks && Double(tone.tone) >= 0.8 * Double(tone.total), "\(tone)",
                sourceLocation: sourceLocation)
        let streams = try await ProcessRun.run(command: "ffprobe", arguments: [
            "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", recordingPath]).output
        #expect(streams.split(separator: "\n").sorted() == ["h264", "opus"], "\(streams)", sourceLocation: sourceLocation)
    }
}
