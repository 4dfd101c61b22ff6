import Foundation
import Signaling
import Testing
import TestSupport
import ViewerAgentCore

/// The real `viewer-agent` executable against an in-process camera built from the real
/// signaling server and camera pipeline (``InProcessCamera``): pair, list, watch with every
/// output, a camera that ends its sessions mid-watch, revocation, refused codes and pins,
/// SIGTERM. End-to-end tests against camera-agent itself come with it.
@Suite("viewer-agent over signaling (in-process camera)", .serialized)
struct SignalingWatchTests {
    static var executable: URL { WHEPWatchInteropTests.executable }

    static func run(_ arguments: [String], configDirectory: String, extra: [String: String] = [:]) async throws -> ProcessRun.Outcome {
        try await ProcessRun.run(executable: executable, arguments: arguments,
                                 environment: WHEPWatchInteropTests.environment(configDirectory: configDirectory, extra: extra))
    }

    /// Pairs the executable with `camera` (pinning its fingerprint) in a fresh config dir.
    static func pair(_ camera: InProcessCamera) async throws -> String {
        let directory = try WHEPWatchInteropTests.directory("signaling")
        let outcome = try await run(["pair", camera.url, try await camera.pairingCode(), "--name", "e2e viewer",
                                     "--fingerprint", camera.fingerprint.description], configDirectory: directory)
        #expect(outcome.status == 0, "\(outcome.errorOutput)")
        return directory
    }

    @Test("pair stores the camera 0600 with the pinned fingerprint; cameras lists it without the token")
    func pairAndList() async throws {
        let camera = try await InProcessCamera()
        defer { Task { await camera.stop() } }
        let directory = try await Self.pair(camera)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/" + PairedCameraStore.fileName
        let mode = (try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)
        let stored = try #require(try PairedCameraStore(directory: directory).load().first)
        #expect(stored.fingerprint == camera.fingerprint)
        #expect(stored.cameraName == "Test camera" && stored.deviceName == "e2e viewer")
        let listing = try await Self.run(["cameras"], configDirectory: directory)
        #expect(listing.status == 0)
        #expect(listing.output.contains("Test camera") && listing.output.contains(stored.tokenFingerprint))
        #expect(!listing.output.contains(stored.token.wireText) && !listing.errorOutput.contains(stored.token.wireText))
    }

    @Test("Refused pairings: a wrong code and a wrong pin exit 77, a malformed code 64, no camera 69")
    func refusedPairings() async throws {
        let camera = try await InProcessCamera()
        defer { Task { await camera.stop() } }
        let directory = try WHEPWatchInteropTests.directory("refused")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let wrongCode = try await Self.run(["pair", camera.url, "ZZZZ-ZZZZ"], configDirectory: directory)
        #expect(wrongCode.status == 77, "\(wrongCode.errorOutput)")
        #expect(wrongCode.errorOutput.contains("unknown-code"))
        let otherPin = CertificateFingerprint(derCertificate: [1, 2, 3]).description
        let wrongPin = try await Self.run(["pair", camera.url, try await camera.pairingCode(), "--fingerprint", otherPin],
                                          configDirectory: directory)
        #expect(wrongPin.status == 77, "\(wrongPin.errorOutput)")
        #expect(wrongPin.errorOutput.contains("fingerprint"))
        let malformed = try await Self.run(["pair", camera.url, "not-a-code!"], configDirectory: directory)
        #expect(malformed.status == 64, "\(malformed.errorOutput)")
        let nobody = try await Self.run(["pair", "https://127.0.0.1:9", "ABCD-EFGH"], configDirectory: directory)
        #expect(nobody.status == 69, "\(nobody.errorOutput)")
        #expect(try PairedCameraStore(directory: directory).load().isEmpty, "nothing stored after a refusal")
    }

    @Test("watch 5 s: Y4M test-pattern frames in order, WAV, MKV, stats; stream:end leaves no session on the camera")
    func watchFiveSeconds() async throws {
        let camera = try await InProcessCamera()
        defer { Task { await camera.stop() } }
        let directory = try await Self.pair(camera)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = try await Self.run([
            "watch", "--duration", "5", "--video-out", directory + "/video.y4m", "--audio-out", directory + "/audio.wav",
            "--record", directory + "/recording.mkv", "--stats-json", directory + "/stats.json", "--log-level", "trace",
        ], configDirectory: directory)
        #expect(outcome.status == 0, "\(outcome.errorOutput.suffix(2000))")
        let token = try #require(try PairedCameraStore(directory: directory).load().first?.token.wireText)
        #expect(!outcome.errorOutput.contains(token) && !outcome.output.contains(token), "the token is never logged, even at trace")
        #expect(outcome.errorOutput.contains("media connected"))
        let video = try OutputFiles.y4m(directory + "/video.y4m")
        #expect(video.width == InProcessCamera.width && video.height == InProcessCamera.height)
        #expect(video.frames >= 75, "30 fps for 5 s less set-up (on a loaded 2-core machine); got \(video.frames)")
        let indices = video.testPatternIndices.compactMap { $0 }
        #expect(indices.count == video.frames, "every frame carries a readable test-pattern index")
        #expect(zip(indices, indices.dropFirst()).allSatisfy { $0 < $1 }, "frame indices strictly increase")
        #expect(try OutputFiles.wavSampleFrames(directory + "/audio.wav").frames >= 48_000 * 3)
        #expect(try await OutputFiles.ffprobeStreams(directory + "/recording.mkv").sorted() == ["h264", "opus"])
        let stats = try WHEPWatchInteropTests.report(directory + "/stats.json")
        #expect(stats["source"] as? String == "signaling")
        #expect(stats["endReason"] as? String == "hangup")
        #expect((stats["timeToFirstFrameSeconds"] as? Double ?? 99) < 3)
        #expect(stats["framesDecoded"] as? Int == video.frames)
        #expect(camera.handler.requests.load(ordering: .relaxed) == 1)
        #expect(camera.handler.liveSessions == 0, "the viewer's stream:end closed the camera's peer")
    }

    @Test("The camera ends the session (shutdown) mid-watch: the viewer reconnects and keeps writing the same files")
    func reconnectAfterCameraEndsSession() async throws {
        let camera = try await InProcessCamera()
        defer { Task { await camera.stop() } }
        let directory = try await Self.pair(camera)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        async let watched = Self.run([
            "watch", "--duration", "10", "--video-out", directory + "/video.y4m", "--record", directory + "/recording.mkv",
            "--stats-json", directory + "/stats.json",
        ], configDirectory: directory, extra: ["PEERCAM_RECONNECT_INITIAL_DELAY_MS": "300"])
        try await Task.sleep(for: .seconds(4))
        await camera.handler.endAllSessions(reason: .shutdown)
        let outcome = try await watched
        #expect(outcome.status == 0, "\(outcome.errorOutput.suffix(2000))")
        #expect(camera.handler.requests.load(ordering: .relaxed) >= 2, "a second stream:request after the first session ended")
        let stats = try WHEPWatchInteropTests.report(directory + "/stats.json")
        #expect((stats["reconnects"] as? Int ?? 0) >= 1)
        #expect((stats["sessionsActive"] as? Int ?? 0) >= 2)
        let video = try OutputFiles.y4m(directory + "/video.y4m")
        #expect(video.frames >= 100, "both sessions' frames in one Y4M; got \(video.frames)")
        let times = try await OutputFiles.ffprobePacketTimes(directory + "/recording.mkv", stream: "v:0")
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 }, "recording timestamps monotonic across the reconnect")
    }

    @Test("The camera restarts mid-watch (same identity, certificate, port): the viewer rejoins it and keeps writing")
    func cameraRestart() async throws {
        let first = try await InProcessCamera()
        let directory = try await Self.pair(first)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        async let watched = Self.run([
            "watch", "--duration", "12", "--video-out", directory + "/video.y4m", "--audio-out", directory + "/audio.wav",
            "--record", directory + "/recording.mkv", "--stats-json", directory + "/stats.json",
        ], configDirectory: directory, extra: ["PEERCAM_RECONNECT_INITIAL_DELAY_MS": "200", "PEERCAM_RECONNECT_MAX_DELAY_MS": "1000"])
        try await Task.sleep(for: .seconds(4))
        await first.stop(keepingState: true)
        try await Task.sleep(for: .seconds(1.5))
        let second = try await InProcessCamera(directory: first.directory, port: first.port)
        defer { Task { await second.stop() } }
        let outcome = try await watched
        #expect(outcome.status == 0, "\(outcome.errorOutput.suffix(2000))")
        #expect(second.handler.requests.load(ordering: .relaxed) >= 1, "the viewer came back to the restarted camera")
        let stats = try WHEPWatchInteropTests.report(directory + "/stats.json")
        #expect((stats["sessionsActive"] as? Int ?? 0) >= 2)
        let video = try OutputFiles.y4m(directory + "/video.y4m")
        let indices = video.testPatternIndices.compactMap { $0 }
        // The restarted camera's test pattern counts from 0 again: two increasing runs in one file.
        let restarts = zip(indices, indices.dropFirst()).filter { $1 < $0 }.count
        #expect(restarts == 1, "one restart of the frame count, else in order: \(indices.prefix(5))…")
        #expect(video.frames >= 90, "frames from both cameras; got \(video.frames)")
        let times = try await OutputFiles.ffprobePacketTimes(directory + "/recording.mkv", stream: "v:0")
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 }, "recording timestamps monotonic across the restart")
        let gap = zip(times, times.dropFirst()).map { $1 - $0 }.max() ?? 0
        #expect(gap > 1.0, "the outage is a gap in the recording (\(gap) s)")
        #expect(try OutputFiles.wavSampleFrames(directory + "/audio.wav").frames > 48_000 * 3)
    }

    @Test("A revoked viewer gets exit 77 at once and no retries; an unknown camera name is a usage error")
    func revoked() async throws {
        let camera = try await InProcessCamera()
        defer { Task { await camera.stop() } }
        let directory = try await Self.pair(camera)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await camera.revokeAll()
        let started = ContinuousClock.now
        let outcome = try await Self.run(["watch", "--duration", "20"], configDirectory: directory)
        #expect(outcome.status == 77, "\(outcome.errorOutput)")
        #expect(outcome.errorOutput.contains("401"))
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(camera.handler.requests.load(ordering: .relaxed) == 0)
        let unknown = try await Self.run(["watch", "Attic"], configDirectory: directory)
        #expect(unknown.status == 64)
    }

    @Test("Revocation mid-watch (close 1008): the session ends as revoked, exit 77, no reconnect, files finalised")
    func revokedWhileWatching() async throws {
        let camera = try await InProcessCamera()
        defer { Task { await camera.stop() } }
        let directory = try await Self.pair(camera)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        async let watched = Self.run(["watch", "--duration", "30", "--audio-out", directory + "/audio.wav",
                                      "--stats-json", directory + "/stats.json"],
                                     configDirectory: directory, extra: ["PEERCAM_RECONNECT_INITIAL_DELAY_MS": "100"])
        try await Task.sleep(for: .seconds(3))
        try await camera.revokeAll()
        let outcome = try await watched
        #expect(outcome.status == ViewerExitCode.unauthorized.rawValue, "\(outcome.errorOutput.suffix(1500))")
        #expect(outcome.errorOutput.contains("revoked"))
        #expect(camera.handler.requests.load(ordering: .relaxed) == 1, "an authorization failure is never retried")
        let stats = try WHEPWatchInteropTests.report(directory + "/stats.json")
        #expect(stats["endReason"] as? String == "revoked", "\(outcome.errorOutput.suffix(1500))")
        #expect(try OutputFiles.wavSampleFrames(directory + "/audio.wav").frames > 48_000)
    }

    @Test("SIGTERM mid-watch: stream:end reaches the camera, files are finalised, exit 0")
    func terminate() async throws {
        let camera = try await InProcessCamera()
        defer { Task { await camera.stop() } }
        let directory = try await Self.pair(camera)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let process = try WHEPWatchInteropTests.startWatch(
            ["watch", "--audio-out", directory + "/audio.wav", "--stats-json", directory + "/stats.json"], configDirectory: directory)
        try await Task.sleep(for: .seconds(3))
        #expect(camera.handler.liveSessions == 1)
        kill(process.processIdentifier, SIGTERM)
        #expect(await ProcessRun.exit(of: process) == 0)
        #expect(try OutputFiles.wavSampleFrames(directory + "/audio.wav").frames > 48_000)
        #expect(try WHEPWatchInteropTests.report(directory + "/stats.json")["stoppedBy"] as? String == "terminated")
        let deadline = ContinuousClock.now + .seconds(5)
        while camera.handler.liveSessions > 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(camera.handler.liveSessions == 0)
    }
}
