import CameraAgentCore
import CameraPipeline
import Media
import VideoCapture
import Foundation
import PeerCamCore
import Signaling
import Testing
import TestSupport

/// The camera agent in this process against viewers made of the real parts: real TLS
/// signaling, real PeerConnections over loopback, the real test-pattern stream.
@Suite("Camera sessions", .serialized, .timeLimit(.minutes(3)))
struct CameraSessionTests {
    @Test("a viewer's request becomes a streaming session; hangup ends it and capture stops")
    func streamAndHangUp() async throws {
        let camera = try await TestCamera()
        let viewer = try await TestSignalingViewer(camera: try await camera.pairViewer())
        let request = viewer.request()
        try await eventually("stream:started") { viewer.session(for: request) != nil }
        let session = try #require(viewer.session(for: request))
        try await eventually("media connected") { viewer.events.contains(.connected(session)) }
        try await eventually("RTP arriving") { viewer.packets(session) > 50 }
        #expect(await camera.agent.hub.snapshot().streaming == 1)
        #expect(camera.agent.hub.host.counters.isRunning)
        #expect(camera.agent.hub.host.counters.framesEncoded > 0)

        viewer.end(session)
        try await eventually("session closed") { await camera.agent.hub.liveSessionCount == 0 }
        try await eventually("capture stopped") { !camera.agent.hub.host.counters.isRunning }
        #expect(camera.agent.hub.host.stream.subscriberCount == 0)
        let listed = await camera.agent.hub.sessionList()
        #expect(listed.map(\.id) == [session])
        #expect(listed.first?.endReason == "hangup")
        // The encoder totals survive the run's end.
        #expect(camera.agent.hub.host.counters.framesEncoded > 0)
        try await camera.stop()
    }

    @Test("the per-stream cap and the total cap refuse with their own error codes")
    func capsRefuseDistinctly() async throws {
        for (perStream, total, code) in [(1, 8, "stream-full"), (8, 1, "camera-full")] {
            // maxTotal below maxPerStream is refused in configuration files; the hub still
            // enforces each cap on its own, which is what this exercises.
            let camera = try await TestCamera(maxPerStream: perStream, maxTotal: total)
            let viewer = try await TestSignalingViewer(camera: try await camera.pairViewer())
            let first = viewer.request()
            try await eventually("first accepted") { viewer.session(for: first) != nil }
            let second = viewer.request()
            try await eventually("second refused") {
                viewer.events.contains { if case .ended(_, .busy, second) = $0 { true } else { false } }
            }
            #expect(viewer.events.contains { if case .error(_, code, second) = $0 { true } else { false } },
                    "expected \(code) for the second request, got \(viewer.events)")
            #expect(await camera.agent.hub.liveSessionCount == 1)
            try await camera.stop()
        }
    }

    @Test("a viewer whose socket drops is reaped with viewer-gone")
    func viewerGone() async throws {
        let camera = try await TestCamera()
        let viewer = try await TestSignalingViewer(camera: try await camera.pairViewer())
        let request = viewer.request()
        try await eventually("started") { viewer.session(for: request) != nil }
        let session = try #require(viewer.session(for: request))
        try await eventually("RTP arriving") { viewer.packets(session) > 10 }
        await viewer.connection.close()
        try await eventually("reaped") { await camera.agent.hub.liveSessionCount == 0 }
        let listed = await camera.agent.hub.sessionList()
        #expect(listed.first?.endReason == "viewer-gone", "\(listed)")
        try await eventually("capture stopped") { !camera.agent.hub.host.counters.isRunning }
        try await camera.stop()
        // Its peer connection stayed open all along: only the signaling socket went.
        withExtendedLifetime(viewer) {}
    }

    @Test("revoking a viewer ends its live session at once")
    func revocation() async throws {
        let camera = try await TestCamera()
        let paired = try await camera.pairViewer()
        let viewer = try await TestSignalingViewer(camera: paired)
        let request = viewer.request()
        try await eventually("started") { viewer.session(for: request) != nil }
        #expect(try await camera.admin.revokeDevice(paired.device.id))
        try await eventually("ended by revocation") { await camera.agent.hub.liveSessionCount == 0 }
        #expect(await camera.agent.hub.sessionList().first?.endReason == "revoked")
        await #expect(throws: SignalingClientError.self) { _ = try await SignalingClient.connect(to: paired) }
        try await camera.stop()
    }

    @Test("shutdown tells every viewer stream:ended {shutdown} and stops capture")
    func shutdown() async throws {
        let camera = try await TestCamera()
        let viewer = try await TestSignalingViewer(camera: try await camera.pairViewer())
        let requests = [viewer.request(), viewer.request()]
        try await eventually("both started") { requests.allSatisfy { viewer.session(for: $0) != nil } }
        let sessions = requests.compactMap { viewer.session(for: $0) }
        try await eventually("both streaming") { await camera.agent.hub.snapshot().streaming == 2 }
        #expect(camera.agent.hub.host.stream.subscriberCount == 2)
        try await camera.stop()
        for session in sessions {
            #expect(viewer.events.contains(.ended(session, .shutdown, request: nil)), "\(viewer.events)")
        }
        #expect(await camera.agent.hub.liveSessionCount == 0)
        #expect(!camera.agent.hub.host.counters.isRunning)
    }

    @Test("an audio-only request is refused with invalid-value")
    func audioOnlyRefused() async throws {
        let camera = try await TestCamera()
        let viewer = try await TestSignalingViewer(camera: try await camera.pairViewer())
        let request = viewer.request(video: false, audio: true)
        try await eventually("refused") {
            viewer.events.contains { if case .error(_, "invalid-value", request) = $0 { true } else { false } }
        }
        try await camera.stop()
    }

    @Test("/metrics text carries sessions, encoder and sender figures")
    func metrics() async throws {
        let camera = try await TestCamera()
        let viewer = try await TestSignalingViewer(camera: try await camera.pairViewer())
        let request = viewer.request()
        try await eventually("started") { viewer.session(for: request) != nil }
        let session = try #require(viewer.session(for: request))
        try await eventually("RTP arriving") { viewer.packets(session) > 30 }
        let text = await camera.agent.metricsText()
        #expect(text.contains("peercam_sessions{state=\"streaming\"} 1"), "\(text)")
        let encoded = try #require(MetricsText.value(of: "peercam_frames_encoded_total{stream=\"main\"}", in: text))
        #expect(encoded > 0)
        let sent = try #require(MetricsText.value(of: "peercam_packets_sent_total{kind=\"video\"}", in: text))
        #expect(sent > 0)
        viewer.end(session)
        try await eventually("closed") { await camera.agent.hub.liveSessionCount == 0 }
        let after = await camera.agent.metricsText()
        #expect(try #require(MetricsText.value(of: "peercam_packets_sent_total{kind=\"video\"}", in: after)) >= sent,
                "counters never go down when sessions close")
        #expect(after.contains("peercam_sessions_ended_total{reason=\"hangup\"} 1"), "\(after)")
        try await camera.stop()
    }
}

enum MetricsText {
    /// The value on the line that starts with `series ` (name plus labels as rendered).
    static func value(of series: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }
            .flatMap { Double($0.dropFirst(series.count + 1)) }
    }
}

/// A camera that works for `frames` frames, then fails as an unplugged V4L2 device does.
struct UnpluggingVideoSource: VideoFrameSource {
    var pattern: TestPatternVideoSource
    var remaining: Int
    var width: Int { pattern.width }
    var height: Int { pattern.height }

    mutating func nextFrame(into frame: inout VideoFrame) throws -> Bool {
        guard remaining > 0 else { throw VideoCaptureError.deviceDisconnected(path: "/dev/video0", call: "VIDIOC_DQBUF") }
        remaining -= 1
        return try pattern.nextFrame(into: &frame)
    }
}

@Suite("Camera loss", .serialized, .timeLimit(.minutes(2)))
struct CameraLossTests {
    @Test("a camera unplugged mid-stream ends every session with camera-gone, and the next request opens it again")
    func unpluggedCamera() async throws {
        let sources = CameraStreamSources(makeVideo: { stop in
            UnpluggingVideoSource(pattern: TestPatternVideoSource(width: 320, height: 240, framesPerSecond: 15, stop: stop),
                                  remaining: 30)
        })
        let camera = try await TestCamera(sources: sources)
        let viewer = try await TestSignalingViewer(camera: try await camera.pairViewer())
        let requests = [viewer.request(audio: false), viewer.request(audio: false)]
        try await eventually("both started") { requests.allSatisfy { viewer.session(for: $0) != nil } }
        let sessions = requests.compactMap { viewer.session(for: $0) }
        try await eventually("both told camera-gone", within: 15) {
            sessions.allSatisfy { viewer.events.contains(.ended($0, .cameraGone, request: nil)) }
        }
        #expect(await camera.agent.hub.liveSessionCount == 0)
        #expect(camera.agent.hub.host.stream.subscriberCount == 0)
        #expect(await camera.agent.hub.sessionList().allSatisfy { $0.endReason == "camera-gone" })

        // Plugged back in: the next request captures again (this source works 30 frames anew).
        let again = viewer.request(audio: false)
        try await eventually("started again") { viewer.session(for: again) != nil }
        let session = try #require(viewer.session(for: again))
        try await eventually("media again") { viewer.packets(session) > 10 }
        try await camera.stop()
    }
}
