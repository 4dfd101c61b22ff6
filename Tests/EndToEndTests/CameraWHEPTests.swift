#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PeerCamCore
import Signaling
import Testing
import TestSupport

extension EndToEndTests {
    /// `viewer-agent watch --whep` against the camera's own WHEP endpoint (issue 8 "Must show"):
    /// two real executables, HTTPS pinned to the fingerprint `camera-agent pair` printed, a
    /// paired viewer's token handed over as a person would. Nested in `EndToEndTests` so it runs
    /// serialized with the other tests that load both cores.
    @Suite("viewer-agent as WHEP client of the camera")
    struct CameraWHEPTests {
        /// `watch --whep URL --token=T --fingerprint FP`, the rest as `ViewerProcess` sets it.
        /// `--token=T` in one word: a base64url token may begin with `-`, which the argument
        /// parser would otherwise take for an option (1 token in 64).
        static func whepArguments(_ camera: AgentProcess, token: String, fingerprint: CertificateFingerprint) -> [String] {
            ["--whep", camera.whepURL, "--token=\(token)", "--fingerprint", fingerprint.description]
        }

        @Test("watch --whep 8 s: one whep session while it runs, Y4M frames in order, tone in the WAV, H264 + Opus in the MKV, then zero viewers")
        func watchOverWHEP() async throws {
            let camera = try AgentProcess()
            defer { camera.removeDirectory() }
            let name = "viewer-agent over WHEP"
            let paired = try await camera.pairViewer(name: name)
            let metrics = CameraMetrics(camera: paired)
            let viewer = try ViewerProcess()
            try viewer.startWatch(duration: 8, extra: Self.whepArguments(
                camera, token: paired.token.wireText, fingerprint: paired.fingerprint))

            try await eventually("one session streaming", within: 30) {
                try await metrics.scrape()["peercam_sessions{state=\"streaming\"}"] == 1
            }
            let live = try await metrics.scrape()
            #expect(live["peercam_viewers"] == 1, "\(live.filter { $0.key.hasPrefix("peercam_viewers") })")
            #expect(live["peercam_capture_running"] == 1)
            let listed = try await camera.sessions()
            #expect(listed.count == 1, "\(listed)")
            #expect(listed.first?.transport == .whep, "a WHEP session is listed as whep")
            #expect(listed.first?.state == .streaming)
            #expect(listed.first?.viewerName == name)
            #expect(listed.first?.stream == "main")

            #expect(await viewer.waitForExit() == 0, "\(viewer.log)")
            try await viewer.expectTestSourceOutputs(minimumFrames: 60, minimumAudioBlocks: 200)
            let stats = try viewer.stats()
            #expect(stats["source"] as? String == "whep")
            #expect((stats["framesDecoded"] as? Int ?? 0) >= 60, "\(stats)")
            #expect(stats["endReason"] as? String == "hangup")

            try await eventually("the camera back to zero viewers, capture stopped", within: 20) {
                let samples = try await metrics.scrape()
                return samples["peercam_viewers"] == 0 && samples["peercam_stream_subscribers{stream=\"main\"}"] == 0
                    && samples["peercam_capture_running"] == 0
            }
            let after = try await camera.sessions()
            #expect(after.count == 1 && after.first?.state == .ended, "\(after)")
            #expect(after.first?.endReason == "hangup", "the watch ended with DELETE: \(after)")
            #expect(await camera.stop() == 0)
        }

        /// What a refused credential looks like: the token, or the server's identity.
        enum Credential: String, CaseIterable, Sendable {
            case unknownToken = "a token the camera does not know"
            case otherFingerprint = "a fingerprint that is not the camera's"
        }

        @Test("watch --whep refused for its credential exits 77 (authorization failure) and makes no session",
              arguments: Credential.allCases)
        func refusedCredentialExits77(_ credential: Credential) async throws {
            let camera = try AgentProcess()
            defer { camera.removeDirectory() }
            let paired = try await camera.pairViewer(name: "refused credential")
            var token = paired.token.wireText, fingerprint = paired.fingerprint
            switch credential {
            case .unknownToken: token = BearerToken.generate().wireText
            case .otherFingerprint: fingerprint = CertificateFingerprint(derCertificate: Array("another camera".utf8))
            }
            let viewer = try ViewerProcess()
            try viewer.startWatch(duration: 8, extra: Self.whepArguments(camera, token: token, fingerprint: fingerprint))
            #expect(await viewer.waitForExit() == 77, "\(credential.rawValue): \(viewer.log)")
            let failure = try viewer.stats()["failure"] as? String ?? ""
            switch credential {
            case .unknownToken:
                #expect(failure.contains("401") && failure.contains("unknown-token"), "the camera's refusal is named: \(failure)")
            case .otherFingerprint:
                #expect(failure.contains("fingerprint") && failure.contains(paired.fingerprint.description),
                        "the presented fingerprint is named: \(failure)")
            }
            #expect(try await camera.sessions().isEmpty)
            #expect(await camera.stop() == 0)
        }

        @Test("a camera restarted mid-watch --whep is subscribed again; the viewer keeps writing the same files")
        func cameraRestartMidWatch() async throws {
            let camera = try AgentProcess()
            defer { camera.removeDirectory() }
            let name = "WHEP through a restart"
            let paired = try await camera.pairViewer(name: name)
            let viewer = try ViewerProcess()
            try viewer.startWatch(duration: 20, extra: Self.whepArguments(
                camera, token: paired.token.wireText, fingerprint: paired.fingerprint))
            try await eventually("frames written", within: 30) { viewer.fileSize(viewer.videoPath) > 2_000_000 }
            #expect(await camera.stop() == 0)
            let sizeAtRestart = viewer.fileSize(viewer.videoPath)
            try await Task.sleep(for: .seconds(1))
            let restarted = try AgentProcess(reusing: camera)
            try await eventually("frames written after the restart", within: 30) {
                viewer.fileSize(viewer.videoPath) > sizeAtRestart + 2_000_000
            }
            let rejoined = try await restarted.sessions()
            #expect(rejoined.map(\.viewerName) == [name], "\(rejoined)")
            #expect(rejoined.first?.transport == .whep)
            #expect(rejoined.first?.state == .streaming)

            #expect(await viewer.waitForExit() == 0, "\(viewer.log)")
            let stats = try viewer.stats()
            #expect((stats["reconnects"] as? Int ?? 0) >= 1, "\(stats)")
            #expect(stats["source"] as? String == "whep")
            // The restarted source counts its frames from 0 again, so only readability is checked.
            let indexes = try ViewerOutputFiles.y4mFrameIndexes(path: viewer.videoPath)
            #expect(indexes.count > 100 && indexes.allSatisfy { $0 != nil }, "\(indexes.count) pictures, all test patterns")
            try await eventually("the restarted camera back to zero viewers", within: 20) {
                try await restarted.sessions().allSatisfy { $0.state == .ended && $0.endReason == "hangup" }
            }
            #expect(await restarted.stop() == 0)
        }

        @Test("a WHEP session beyond the per-stream cap: the camera answers 503 stream-cap-reached, viewer-agent exits 76")
        func beyondTheCapExits76() async throws {
            let camera = try AgentProcess(environment: ["PEERCAM_MAX_VIEWERS_PER_STREAM": "1"])
            defer { camera.removeDirectory() }
            let paired = try await camera.pairViewer(name: "over the cap")
            let metrics = CameraMetrics(camera: paired)
            // A signaling viewer holds the stream's only place: the caps count both transports.
            let holder = try ViewerProcess()
            #expect(try await holder.pair(with: camera, name: "holder").succeeded)
            try holder.startWatch(duration: nil, decode: false)
            try await eventually("the holder streaming", within: 30) {
                try await metrics.scrape()["peercam_sessions{state=\"streaming\"}"] == 1
            }

            let refused = try ViewerProcess()
            try refused.startWatch(duration: 8, extra: Self.whepArguments(
                camera, token: paired.token.wireText, fingerprint: paired.fingerprint))
            #expect(await refused.waitForExit() == 76, "stream failure: \(refused.log)")
            let failure = try refused.stats()["failure"] as? String ?? ""
            #expect(failure.contains("503") && failure.contains("stream-cap-reached"), "\(failure)")
            let listed = try await camera.sessions()
            #expect(listed.map(\.viewerName) == ["holder"], "the refused POST made no session: \(listed)")
            #expect(listed.first?.transport == .signaling)
            #expect(listed.first?.state == .streaming, "the holder is undisturbed")

            holder.signal(SIGINT)
            #expect(await holder.waitForExit() == 0, "\(holder.log)")
            #expect(await camera.stop() == 0)
        }
    }
}
