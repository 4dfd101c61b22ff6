import Foundation
import PeerCamCore
import SDP
import Testing
@testable import Signaling

/// WHEP sessions against the server's own life: revocation racing an answer, shutdown, and
/// offers written by other WebRTC stacks.
@Suite struct WHEPLifecycleTests {
    /// A viewer revoked while the agent is still answering its offer must not end up with a
    /// session: the answer is withheld (401) and the agent is told to end what it built.
    @Test func aRevocationDuringTheAnswerEndsTheNewSession() async throws {
        let (gate, open) = AsyncStream.makeStream(of: Void.self)
        let handler = try PeerConnectionWHEPHandler(beforeAnswering: {
            var iterator = gate.makeAsyncIterator()
            _ = await iterator.next()
        })
        let fixture = try await WHEPFixture(handler: handler)
        let offerer = try fixture.makeOfferer()
        let client = fixture.client
        let post = Task { try await client.post(offer: offerer.offer) }
        #expect(await eventually { !handler.calls.isEmpty })
        #expect(try await fixture.bed.admin.revokeDevice(fixture.viewer.device.id))
        open.yield()
        open.finish()
        let answer = try await post.value
        #expect(answer.status == 401)
        #expect(answer.errorCode == "revoked-token")
        #expect(answer.header("Location") == nil)
        guard case .create(let session, _, _) = try #require(handler.calls.first) else { return }
        #expect(handler.calls.last == .ended([session], fixture.viewer.device.id, .revoked))
        #expect(handler.liveCount == 0)
        #expect(await fixture.bed.server.whepSessionCount() == 0)
    }

    @Test func stoppingTheServerEndsWHEPSessionsAsShutdown() async throws {
        let fixture = try await WHEPFixture()
        _ = try await fixture.createSession()
        _ = try await fixture.createSession("side")
        fixture.bed.stop()
        #expect(await eventually { fixture.handler.liveCount == 0 })
        let ended = fixture.handler.calls.last
        guard case .ended(let sessions, let viewer, .shutdown) = ended else {
            Issue.record("expected a shutdown end, got \(String(describing: ended))")
            return
        }
        #expect(sessions.count == 2)
        #expect(viewer == fixture.viewer.device.id)
        #expect(await fixture.bed.server.whepSessionCount() == 0)
    }

    /// Offers real players send (named fixtures from `Tests/SDPTests/Fixtures`, candidates
    /// removed so nothing is sent anywhere but loopback) pass the server's checks and get a
    /// real answer.
    @Test(arguments: ["chromium-recvonly-offer.sdp", "aiortc-recvonly-offer.sdp", "gstreamer-recvonly-offer.sdp",
                      "firefox-offer.sdp"])
    func offersFromOtherStacksAreAnswered(fixtureName: String) async throws {
        let fixture = try await WHEPFixture()
        let offer = try Self.realOffer(fixtureName)
        let answer = try await fixture.client.post(offer: offer)
        #expect(answer.status == 201, "\(answer.text)")
        let description = try SDPSessionDescription(parsing: answer.text)
        #expect(description.media.contains { $0.media == "video" && $0.port != 0 })
        #expect(answer.header("Location")?.hasPrefix("/whep/main/sessions/") == true)
    }

    static func realOffer(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SDPTests/Fixtures/\(name)")
        let text = try String(contentsOf: url, encoding: .utf8)
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
            .filter { !$0.hasPrefix("# source:") && !$0.hasPrefix("a=candidate:") && !$0.isEmpty }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
