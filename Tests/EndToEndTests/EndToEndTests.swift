#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import TestSupport

/// `camera-agent` and `viewer-agent` as a user runs them (issue 6 "Must show"): real
/// processes, TLS signaling on loopback, WebRTC media, files checked by independent readers
/// and ffprobe. Serialized: each test already loads both cores.
@Suite("camera-agent ↔ viewer-agent", .serialized, .timeLimit(.minutes(4)))
struct EndToEndTests {
    @Test("pair, watch 10 s: Y4M frames in order, tone in the WAV, H264 + Opus in the MKV, stats written")
    func pairAndWatch() async throws {
        let camera = try AgentProcess()
        defer { camera.removeDirectory() }
        let viewer = try ViewerProcess()
        let paired = try await viewer.pair(with: camera)
        #expect(paired.succeeded, "\(paired.errorOutput)")
        try viewer.startWatch(duration: 10)
        #expect(await viewer.waitForExit() == 0, "\(viewer.log)")

        try await viewer.expectTestSourceOutputs(minimumFrames: 100, minimumAudioBlocks: 300)
        let stats = try viewer.stats()
        #expect((stats["framesDecoded"] as? Int ?? 0) >= 100)
        #expect((stats["timeToFirstFrameSeconds"] as? Double ?? 99) < 5)
        #expect(stats["endReason"] as? String == "hangup")
        #expect(await camera.stop() == 0)
    }

    @Test("8 viewers at once share one encoder, then everything returns to zero")
    func eightViewers() async throws {
        let camera = try AgentProcess()
        defer { camera.removeDirectory() }
        let metrics = CameraMetrics(camera: try await camera.pairObserver())
        var viewers: [ViewerProcess] = []
        for index in 0..<8 {
            let viewer = try ViewerProcess()
            #expect(try await viewer.pair(with: camera, name: "viewer \(index)").succeeded)
            viewers.append(viewer)
        }
        for viewer in viewers { try viewer.startWatch(duration: 12, decode: false) }
        try await eventually("8 sessions streaming", within: 60) {
            try await metrics.scrape()["peercam_sessions{state=\"streaming\"}"] == 8
        }
        let before = try await metrics.scrape()
        try await Task.sleep(for: .seconds(2))
        let after = try await metrics.scrape()
        let key = "peercam_frames_encoded_total{stream=\"main\"}"
        let encodedPerSecond = ((after[key] ?? 0) - (before[key] ?? 0)) / 2
        // One encoder at 15 fps: eight would be ~120 frames a second.
        #expect(encodedPerSecond > 5 && encodedPerSecond < 25, "\(encodedPerSecond) frames encoded per second")
        #expect(after["peercam_stream_subscribers{stream=\"main\"}"] == 8)
        let sentPerSecond = ((after["peercam_packets_sent_total{kind=\"video\"}"] ?? 0)
            - (before["peercam_packets_sent_total{kind=\"video\"}"] ?? 0)) / 2
        let producedVideo = encodedPerSecond
        #expect(sentPerSecond >= 8 * producedVideo, "every viewer gets every packet: \(sentPerSecond)/s sent")

        for viewer in viewers { #expect(await viewer.waitForExit() == 0, "\(viewer.log)") }
        try await eventually("all torn down", within: 15) {
            let samples = try await metrics.scrape()
            return samples["peercam_viewers"] == 0 && samples["peercam_stream_subscribers{stream=\"main\"}"] == 0
                && samples["peercam_capture_running"] == 0
        }
        for viewer in viewers {
            let frames = try await ProcessRun.run(command: "ffprobe", arguments: [
                "-v", "error", "-count_packets", "-select_streams", "v:0", "-show_entries", "stream=nb_read_packets",
                "-of", "csv=p=0", viewer.recordingPath]).output.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect((Int(frames) ?? 0) > 60, "recording of \(viewer.directory) has \(frames) video frames")
        }
        #expect(await camera.stop() == 0)
    }

    @Test("a viewer killed with SIGKILL is reaped by the camera within seconds")
    func killedViewerIsReaped() async throws {
        let camera = try AgentProcess()
        defer { camera.removeDirectory() }
        let metrics = CameraMetrics(camera: try await camera.pairObserver())
        let viewer = try ViewerProcess()
        #expect(try await viewer.pair(with: camera).succeeded)
        try viewer.startWatch(duration: nil, decode: false)
        try await eventually("streaming", within: 30) {
            try await metrics.scrape()["peercam_sessions{state=\"streaming\"}"] == 1
        }
        viewer.signal(SIGKILL)
        _ = await viewer.waitForExit()
        let killedAt = ContinuousClock.now
        try await eventually("reaped", within: 15) {
            try await metrics.scrape()["peercam_viewers"] == 0
        }
        let reapedAfter = ContinuousClock.now - killedAt
        #expect(reapedAfter < .seconds(5), "reaped after \(reapedAfter)")
        #expect(try await metrics.scrape()["peercam_capture_running"] == 0)
        #expect(camera.log.contains("reason=viewer-gone"), "\(camera.log)")
        #expect(await camera.stop() == 0)
    }

    @Test("revoking a watching viewer ends its session, and viewer-agent exits with the authorization code")
    func revocationEndsTheWatch() async throws {
        let camera = try AgentProcess()
        defer { camera.removeDirectory() }
        let metrics = CameraMetrics(camera: try await camera.pairObserver())
        let viewer = try ViewerProcess()
        #expect(try await viewer.pair(with: camera, name: "to be revoked").succeeded)
        try viewer.startWatch(duration: nil, decode: false)
        try await eventually("streaming", within: 30) {
            try await metrics.scrape()["peercam_sessions{state=\"streaming\"}"] == 1
        }
        let listed = try await ProcessRun.run(executable: AgentProcess.executable, arguments: [
            "devices", "list", "--json", "--config", "/dev/null", "--admin-socket", camera.adminSocket])
        let devices = try JSONSerialization.jsonObject(with: listed.stdout) as? [[String: Any]] ?? []
        let id = try #require(devices.first { $0["name"] as? String == "to be revoked" }?["id"] as? String)
        let revoked = try await ProcessRun.run(executable: AgentProcess.executable, arguments: [
            "devices", "revoke", id, "--config", "/dev/null", "--admin-socket", camera.adminSocket])
        #expect(revoked.succeeded, "\(revoked.errorOutput)")
        #expect(await viewer.waitForExit() == 77, "authorization failures exit 77 and are not retried:\n\(viewer.log)")
        #expect(try await metrics.scrape()["peercam_viewers"] == 0)
        #expect(await camera.stop() == 0)
    }

    @Test("a camera restarted mid-watch is rejoined; the viewer keeps writing the same files")
    func cameraRestart() async throws {
        let camera = try AgentProcess()
        defer { camera.removeDirectory() }
        let viewer = try ViewerProcess()
        #expect(try await viewer.pair(with: camera).succeeded)
        try viewer.startWatch(duration: 20)
        try await eventually("frames written", within: 30) { viewer.fileSize(viewer.videoPath) > 2_000_000 }
        #expect(await camera.stop() == 0)
        let sizeAtRestart = viewer.fileSize(viewer.videoPath)
        try await Task.sleep(for: .seconds(1))
        let restarted = try AgentProcess(reusing: camera)
        try await eventually("frames written after the restart", within: 30) {
            viewer.fileSize(viewer.videoPath) > sizeAtRestart + 2_000_000
        }
        #expect(await viewer.waitForExit() == 0, "\(viewer.log)")
        let stats = try viewer.stats()
        #expect((stats["reconnects"] as? Int ?? 0) >= 1, "\(stats)")
        // The recording carries on across the gap with timestamps that never go back.
        let times = try await ProcessRun.run(command: "ffprobe", arguments: [
            "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=dts_time", "-of", "csv=p=0",
            viewer.recordingPath]).output.split(separator: "\n").compactMap { Double($0) }
        #expect(times.count > 100)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 }, "video timestamps strictly increase")
        #expect(await restarted.stop() == 0)
    }
}
