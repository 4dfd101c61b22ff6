import Foundation
import PeerCamCore
import Signaling
import Testing
import TestSupport
import ViewerAgentCore

/// The less common paths of a watch over signaling, and `--whep` over pinned HTTPS, with the
/// real executable and the in-process camera.
@Suite("viewer-agent over signaling: refusals, timeouts, early candidates, stdout, pinned HTTPS", .serialized)
struct SignalingWatchEdgeTests {
    @Test("A camera at its cap refuses (stream:ended busy): exit 76 at once, not retried")
    func busy() async throws {
        let camera = try await InProcessCamera()
        defer { Task { await camera.stop() } }
        let directory = try await SignalingWatchTests.pair(camera)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        camera.handler.behaviour.withLock { $0 = .refuse(.busy) }
        let outcome = try await SignalingWatchTests.run(["watch", "--duration", "20", "--stats-json", directory + "/s.json"],
                                                        configDirectory: directory)
        #expect(outcome.status == ViewerExitCode.streamFailure.rawValue, "\(outcome.errorOutput)")
        #expect(outcome.errorOutput.contains("busy"))
        #expect(camera.handler.requests.load(ordering: .relaxed) == 1, "a refusal is not retried")
        #expect(try WHEPWatchInteropTests.report(directory + "/s.json")["endReason"] as? String == "busy")
    }

    @Test("No offer within --connect-timeout: the viewer ends with timeout, tells the camera (stream:end timeout), exit 76")
    func connectTimeout() async throws {
        let camera = try await InProcessCamera()
        defer { Task { await camera.stop() } }
        let directory = try await SignalingWatchTests.pair(camera)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        camera.handler.behaviour.withLock { $0 = .silent }
        let started = ContinuousClock.now
        let outcome = try await SignalingWatchTests.run(["watch", "--connect-timeout", "2", "--duration", "30"],
                                                        configDirectory: directory)
        #expect(outcome.status == ViewerExitCode.streamFailure.rawValue, "\(outcome.errorOutput)")
        #expect(outcome.errorOutput.contains("did not connect in time"))
        #expect(ContinuousClock.now - started < .seconds(15), "no media ever flowed, so the timeout is not retried")
        #expect(camera.handler.endsReceived.withLock { $0 } == [.timeout])
    }

    @Test("Candidates that arrive before the offer are buffered and used (docs/protocol.md §5.11)")
    func candidatesBeforeOffer() async throws {
        let camera = try await InProcessCamera()
        defer { Task { await camera.stop() } }
        let directory = try await SignalingWatchTests.pair(camera)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        camera.handler.behaviour.withLock { $0 = .candidatesBeforeOffer }
        let outcome = try await SignalingWatchTests.run(["watch", "--duration", "3", "--no-audio", "--stats-json", directory + "/s.json"],
                                                        configDirectory: directory)
        #expect(outcome.status == 0, "\(outcome.errorOutput.suffix(3000))")
        let stats = try WHEPWatchInteropTests.report(directory + "/s.json")
        #expect((stats["framesDecoded"] as? Int ?? 0) > 30)
        #expect((stats["audioPacketsDecoded"] as? Int ?? -1) == 0, "--no-audio asked for video only")
    }

    @Test("A camera that never answers the WebSocket close does not hold the viewer: it exits within seconds")
    func unansweredClose() async throws {
        let camera = try await InProcessCamera()
        defer { Task { await camera.stop() } }
        let directory = try await SignalingWatchTests.pair(camera)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        camera.handler.behaviour.withLock { $0 = .stallOnEnd }
        let started = ContinuousClock.now
        let outcome = try await SignalingWatchTests.run(["watch", "--duration", "2", "--no-audio"], configDirectory: directory)
        #expect(outcome.status == 0, "\(outcome.errorOutput.suffix(1500))")
        // Unbounded, the close gives up only after about 5 s (a lower layer's limit).
        #expect(ContinuousClock.now - started < .seconds(6), "2 s of watching plus at most the 2 s close limit and start-up")
        #expect(outcome.errorOutput.contains("did not answer the WebSocket close"))
    }

    @Test("--video-out - writes Y4M to stdout (for `| ffplay -`) and nothing else goes there")
    func standardOutput() async throws {
        let camera = try await InProcessCamera()
        defer { Task { await camera.stop() } }
        let directory = try await SignalingWatchTests.pair(camera)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = try await SignalingWatchTests.run(["watch", "--duration", "3", "--video-out", "-"], configDirectory: directory)
        #expect(outcome.status == 0, "\(outcome.errorOutput.suffix(1500))")
        #expect(outcome.stdout.starts(with: Data("YUV4MPEG2 ".utf8)))
        let file = directory + "/stdout.y4m"
        try outcome.stdout.write(to: URL(fileURLWithPath: file))
        let video = try OutputFiles.y4m(file)
        #expect(video.frames > 30, "whole frames only: the log lines went to stderr")
        #expect(outcome.errorOutput.contains("watch ended"))
    }

    @Test("--whep over HTTPS: a wrong pinned fingerprint is refused (77) before anything is sent; the right pin reaches the server")
    func pinnedHTTPS() async throws {
        let camera = try await InProcessCamera()
        defer { Task { await camera.stop() } }
        let directory = try WHEPWatchInteropTests.directory("pinned")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let url = camera.url + "/whep/main"
        let wrong = CertificateFingerprint(derCertificate: [7]).description
        let mismatch = try await SignalingWatchTests.run(["watch", "--whep", url, "--fingerprint", wrong, "--token", "t"],
                                                         configDirectory: directory)
        #expect(mismatch.status == ViewerExitCode.unauthorized.rawValue, "\(mismatch.errorOutput)")
        #expect(mismatch.errorOutput.contains("certificate fingerprint"))
        // The right pin: TLS succeeds and the server itself answers (401: this token was never paired).
        let pinned = try await SignalingWatchTests.run(
            ["watch", "--whep", url, "--fingerprint", camera.fingerprint.description, "--token", BearerToken.generate().wireText],
            configDirectory: directory)
        #expect(pinned.status == ViewerExitCode.unauthorized.rawValue, "\(pinned.errorOutput)")
        #expect(pinned.errorOutput.contains("HTTP 401"))
        // No pin: the system's trust roots do not know a camera's self-signed certificate.
        let untrusted = try await SignalingWatchTests.run(["watch", "--whep", url, "--token", "t"], configDirectory: directory)
        #expect(untrusted.status != 0)
        #expect(!untrusted.errorOutput.contains("HTTP 401"), "nothing was sent to an unverified server")
    }
}
