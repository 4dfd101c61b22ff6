import Foundation
import PeerCamCore
import Signaling
import Testing
import TestSupport

extension EndToEndTests {
    /// The page a real `camera-agent` serves, played by real headless Chromium (issue 8 "Must
    /// show"): same-origin WHEP on the camera's HTTPS port, the browser trusting that one
    /// certificate key (the SPKI pin of the fingerprint `camera-agent pair` printed). Nested in
    /// `EndToEndTests` so it runs serialized with the other tests that load both cores.
    @Suite("camera-served web player in headless Chromium",
           .enabled(if: CameraPlayerCheck.missing == nil, "\(CameraPlayerCheck.missing ?? "")"))
    struct CameraPlayerInChromiumTests {
        static let viewerName = "chromium on the camera's page"

        @Test("plays H264 + Opus from the camera, shows the 401 for a wrong token, reconnects after a camera restart, leaves with DELETE")
        func playsTheCamerasPage() async throws {
            let camera = try AgentProcess()
            defer { camera.removeDirectory() }
            let paired = try await camera.pairViewer(name: Self.viewerName)
            let browser = try await CameraPlayerCheck(camera: camera, fingerprint: paired.fingerprint.description)
            let restarted: AgentProcess
            do {
                restarted = try await Self.drive(browser, camera: camera, paired: paired)
            } catch {
                await browser.kill()
                throw error
            }
            let result = try await browser.close()
            #expect(result["ok"] as? Bool == true, "\(result)")
            #expect((result["consoleErrors"] as? [String]) == [], "no script errors or CSP refusals on the camera's page")
            let steps = result["steps"] as? [String: Any] ?? [:]
            #expect(steps["playing"] as? Int == 2, "\(steps)")
            for step in ["unauthorized", "lost", "reconnected", "left"] {
                #expect(steps[step] as? Bool == true, "step \(step) did not pass: \(steps)")
            }
            #expect(await restarted.stop() == 0, "\(restarted.log.suffix(3000))")
        }

        /// The steps, in order; returns the restarted camera (stopped by the caller).
        private static func drive(_ browser: CameraPlayerCheck, camera: AgentProcess,
                                  paired: PairedCamera) async throws -> AgentProcess {
            let token = paired.token.wireText
            let metrics = CameraMetrics(camera: paired)
            #expect((browser.ready["spkiPin"] as? String)?.count == 44, "a base64 SHA-256 SPKI pin")
            #expect(browser.ready["unpinnedRefused"] as? Bool == true,
                    "Chromium pinned to another key refuses the page: the camera's key is what is trusted")

            // 1. The right token: frames decoded and audio received, from the camera's own page.
            let playing = try await browser.play(token: token)
            Self.expectPlaying(playing)
            try await eventually("the browser's session streaming", within: 15) {
                try await metrics.scrape()["peercam_sessions{state=\"streaming\"}"] == 1
            }
            let first = try #require(try await camera.sessions(of: viewerName).first)
            #expect(try await camera.sessions(of: viewerName).count == 1)
            #expect(first.transport == .whep, "the page subscribes over WHEP")
            #expect(first.state == .streaming)
            #expect(first.stream == "main")

            // 2. A token the camera does not know: the 401 with the camera's own code, no retry.
            //    Forgetting the good token first left the session (DELETE): it ended as a hangup.
            let unknownToken = BearerToken.generate().wireText
            let refused = try await browser.refuse(token: unknownToken)
            let message = refused["message"] as? String ?? ""
            #expect(message.hasPrefix("401 "), "\(refused)")
            #expect(message.contains("unknown-token"), "the camera's body is shown: \(message)")
            try await eventually("the first session ended", within: 20) {
                try await camera.sessions(of: viewerName).first { $0.id == first.id }?.state == .ended
            }
            let ended = try await camera.sessions(of: viewerName)
            #expect(ended.count == 1, "a refused POST makes no session: \(ended)")
            #expect(ended.first?.endReason == "hangup", "\(ended)")
            #expect(ended.first?.endedAt != nil)

            // 3. Playing again, then the camera restarts (SIGTERM, same state and port): the
            //    page notices, backs off and subscribes again by itself.
            let again = try await browser.play(token: token)
            Self.expectPlaying(again)
            let sessionsBefore = try #require(again["sessionsStarted"] as? Int)
            #expect(await camera.stop() == 0, "\(camera.log.suffix(3000))")
            let lost = try await browser.awaitLoss()
            let restarted = try AgentProcess(reusing: camera)
            let reconnected = try await browser.awaitPlaying(afterSession: sessionsBefore)
            Self.expectPlaying(reconnected)
            #expect((reconnected["sessionsStarted"] as? Int ?? 0) > sessionsBefore, "\(lost) → \(reconnected)")
            let rejoined = try await restarted.sessions(of: viewerName)
            #expect(rejoined.count == 1, "the restarted camera serves one session: \(rejoined)")
            #expect(rejoined.first?.transport == .whep)
            #expect(rejoined.first?.state == .streaming)

            // 4. Leave: DELETE ends the session, the camera is back to no viewers.
            _ = try await browser.leave()
            try await eventually("the session ended by Leave", within: 20) {
                try await restarted.sessions(of: viewerName).allSatisfy { $0.state == .ended && $0.endReason == "hangup" }
            }
            try await eventually("no viewers, capture stopped", within: 20) {
                let samples = try await metrics.scrape()
                return samples["peercam_viewers"] == 0 && samples["peercam_capture_running"] == 0
            }
            return restarted
        }

        /// What every `playing` line must show: the camera's test source decoded as H264 and Opus.
        private static func expectPlaying(_ playing: [String: Any]) {
            let frames = playing["framesDecoded"] as? Int ?? 0
            #expect(frames > 0, "\(playing)")
            #expect((playing["framesDecodedLater"] as? Int ?? 0) >= frames + 15, "decoding carries on: \(playing)")
            #expect((playing["audioPacketsReceived"] as? Int ?? 0) > 0, "\(playing)")
            #expect((playing["audioBytesReceived"] as? Int ?? 0) > 0, "\(playing)")
            #expect((playing["audioSamplesReceived"] as? Int ?? 0) > 0, "decoded audio reached the <audio> element")
            #expect(playing["frameWidth"] as? Int == 320 && playing["frameHeight"] as? Int == 240, "\(playing)")
            #expect(playing["videoCodec"] as? String == "video/H264")
            #expect(playing["audioCodec"] as? String == "audio/opus")
        }
    }
}
