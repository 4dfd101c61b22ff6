import Foundation
import PeerCamCore
import SDP
import Testing
import WebRTC
@testable import Signaling

/// WHEP session resources on a real server (RFC 9725 §4.2–§4.3): creation, trickle, ICE
/// restart and ETags, deletion, ownership and revocation.
@Suite struct WHEPSessionTests {
    @Test func anOfferGets201WithARealAnswerLocationETagAndAcceptPatch() async throws {
        let fixture = try await WHEPFixture()
        let (offerer, answer, resource) = try await fixture.createSession()
        #expect(answer.status == 201)
        #expect(answer.header("Content-Type") == "application/sdp")
        #expect(answer.header("Accept-Patch") == "application/trickle-ice-sdpfrag")
        #expect(answer.header("Cache-Control") == "no-store")
        let eTag = try #require(answer.header("ETag"))
        #expect(eTag.hasPrefix("\"") && eTag.hasSuffix("\"") && eTag.count == 34)
        // Location names the session the handler was asked to create, under the stream's path.
        guard case .create(let session, "main", fixture.viewer.device.id) = try #require(fixture.handler.calls.first) else {
            Issue.record("the handler was not asked to create the session: \(fixture.handler.calls)")
            return
        }
        #expect(resource == "/whep/main/sessions/\(session)")
        #expect(answer.header("Link") == nil)  // no ICE server configured
        // The answer is the real PeerConnection's, with its gathered candidates, and the
        // viewer's PeerConnection accepts it.
        let description = try SDPSessionDescription(parsing: answer.text)
        #expect(description.media.first?.candidates.isEmpty == false)
        #expect(description.media.first?.hasEndOfCandidates == true)
        try offerer.connection.setRemoteAnswer(answer.text)
        #expect(offerer.connection.signalingState == .stable)
        #expect(await fixture.bed.server.whepSessionCount() == 1)
    }

    @Test func trickledCandidatesConnectTheViewerAndTheCamera() async throws {
        let fixture = try await WHEPFixture()
        let (offerer, answer, resource) = try await fixture.createSession()
        try offerer.connection.setRemoteAnswer(answer.text)
        let candidates = try await offerer.gatheredCandidates()
        #expect(!candidates.isEmpty)
        let patched = try await fixture.client.patch(
            resource, fragment: try offerer.fragment(candidates: candidates, endOfCandidates: true),
            ifMatch: answer.header("ETag"))
        #expect(patched.status == 204)
        #expect(patched.body.isEmpty)
        let session = try #require(fixture.handler.live(try SessionID(parsing: String(resource.split(separator: "/").last ?? ""))))
        #expect(await eventually { offerer.connection.connectionState == .connected
            && session.connection.connectionState == .connected })
        let update = try #require(fixture.handler.calls.last)
        guard case .update(_, .trickle, let count, true) = update else {
            Issue.record("unexpected call \(update)")
            return
        }
        #expect(count == candidates.count)
    }

    @Test func aPATCHWithAStaleETagIs412AndAppliesNothing() async throws {
        let fixture = try await WHEPFixture()
        let (offerer, _, resource) = try await fixture.createSession()
        let answer = try await fixture.client.patch(resource, fragment: try offerer.fragment(candidates: []),
                                                    ifMatch: "\"0123456789abcdef0123456789abcdef\"")
        #expect(answer.status == 412)
        #expect(answer.errorCode == "precondition-failed")
        #expect(fixture.handler.calls.count == 1)  // only the creation
    }

    @Test func anICERestartRotatesTheETag() async throws {
        let fixture = try await WHEPFixture(handler: try PeerConnectionWHEPHandler(acceptsICERestart: true))
        let (offerer, created, resource) = try await fixture.createSession()
        let oldETag = try #require(created.header("ETag"))
        let restarted = try await fixture.client.patch(resource, fragment: try offerer.fragment(candidates: []),
                                                       ifMatch: "*")
        #expect(restarted.status == 200)
        #expect(restarted.header("Content-Type") == "application/trickle-ice-sdpfrag")
        let newETag = try #require(restarted.header("ETag"))
        #expect(newETag != oldETag)
        let fragment = try SDPTrickleFragment(parsing: restarted.text)
        #expect(fragment.iceUfrag?.isEmpty == false)
        // The old ICE session is gone: its tag no longer matches; the new one does.
        let stale = try await fixture.client.patch(resource, fragment: try offerer.fragment(candidates: []), ifMatch: oldETag)
        #expect(stale.status == 412)
        let current = try await fixture.client.patch(resource, fragment: try offerer.fragment(candidates: []),
                                                     ifMatch: newETag)
        #expect(current.status == 204)
    }

    @Test func anICERestartTheAgentCannotDoIs422AndTheSessionStays() async throws {
        let fixture = try await WHEPFixture()
        let (offerer, created, resource) = try await fixture.createSession()
        let answer = try await fixture.client.patch(resource, fragment: try offerer.fragment(candidates: []), ifMatch: "*")
        #expect(answer.status == 422)
        #expect(answer.errorCode == "ice-restart-unsupported")
        let trickle = try await fixture.client.patch(resource, fragment: try offerer.fragment(candidates: []),
                                                     ifMatch: created.header("ETag"))
        #expect(trickle.status == 204)
    }

    @Test(arguments: [
        ("a=ice-ufrag:abcd\r\na=ice-pwd:0123456789abcdef012345\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\na=candidate:garbage\r\n",
         "malformed-fragment"),
        ("this is not SDP\r\n", "malformed-fragment"),
    ])
    func aMalformedFragmentIs400(fragment: String, code: String) async throws {
        let fixture = try await WHEPFixture()
        let resource = try await fixture.createSession().resource
        let answer = try await fixture.client.patch(resource, fragment: fragment)
        #expect(answer.status == 400)
        #expect(answer.errorCode == code)
        #expect(fixture.handler.calls.count == 1)
    }

    @Test func anICERestartWithoutNewCredentialsIs400() async throws {
        let fixture = try await WHEPFixture(handler: try PeerConnectionWHEPHandler(acceptsICERestart: true))
        let resource = try await fixture.createSession().resource
        let answer = try await fixture.client.patch(resource, fragment: "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n",
                                                    ifMatch: "*")
        #expect(answer.status == 400)
        #expect(answer.errorCode == "malformed-fragment")
    }

    @Test func aPATCHWithAnotherContentTypeIs415() async throws {
        let fixture = try await WHEPFixture()
        let (offerer, _, resource) = try await fixture.createSession()
        let answer = try await fixture.client.patch(resource, fragment: try offerer.fragment(candidates: []),
                                                    contentType: "application/sdp")
        #expect(answer.status == 415)
        #expect(answer.errorCode == "unsupported-media-type")
    }

    @Test func aPATCHOnAnUnknownOrDeletedResourceIs404() async throws {
        let fixture = try await WHEPFixture()
        let (offerer, _, resource) = try await fixture.createSession()
        let fragment = try offerer.fragment(candidates: [])
        for path in ["/whep/main/sessions/\(SessionID.random())", "/whep/main/sessions/not-an-id",
                     resource.replacingOccurrences(of: "/whep/main/", with: "/whep/side/")] {
            let answer = try await fixture.client.patch(path, fragment: fragment)
            #expect(answer.status == 404, "\(path)")
            #expect(answer.errorCode == "unknown-session", "\(path)")
        }
        #expect(try await fixture.client.delete(resource).status == 204)
        let afterDelete = try await fixture.client.patch(resource, fragment: fragment)
        #expect(afterDelete.status == 404)
    }

    @Test func DELETEEndsTheSessionAndIsIdempotent() async throws {
        let fixture = try await WHEPFixture()
        let resource = try await fixture.createSession().resource
        let first = try await fixture.client.delete(resource)
        #expect(first.status == 204)
        #expect(fixture.handler.liveCount == 0)
        #expect(await fixture.bed.server.whepSessionCount() == 0)
        let second = try await fixture.client.delete(resource)
        #expect(second.status == 204)
        let never = try await fixture.client.delete("/whep/main/sessions/\(SessionID.random())")
        #expect(never.status == 204)
        // Only the first DELETE reached the agent.
        #expect(fixture.handler.calls.filter { if case .delete = $0 { true } else { false } }.count == 1)
    }

    @Test func anotherViewerCannotPATCHOrDELETEASession() async throws {
        let fixture = try await WHEPFixture()
        let (offerer, _, resource) = try await fixture.createSession()
        let intruder = WHEPTestClient(bed: fixture.bed, viewer: try await fixture.bed.pairViewer(name: "Intruder"))
        let patch = try await intruder.patch(resource, fragment: try offerer.fragment(candidates: []))
        #expect(patch.status == 403)
        #expect(patch.errorCode == "not-session-owner")
        let delete = try await intruder.delete(resource)
        #expect(delete.status == 403)
        #expect(delete.errorCode == "not-session-owner")
        #expect(fixture.handler.liveCount == 1)
        let camera = WHEPTestClient(bed: fixture.bed, authorization: try fixture.bed.storeDevice(role: .camera)
            .authorizationHeaderValue)
        #expect(try await camera.delete(resource).status == 403)
        #expect(fixture.handler.liveCount == 1)
    }

    @Test func revokingTheViewerEndsItsWHEPSessionsAndLocksItOut() async throws {
        let fixture = try await WHEPFixture()
        let first = try await fixture.createSession()
        let second = try await fixture.createSession("side")
        let other = WHEPTestClient(bed: fixture.bed, viewer: try await fixture.bed.pairViewer(name: "Other"))
        #expect(try await fixture.createSession(client: other).answer.status == 201)

        #expect(try await fixture.bed.admin.revokeDevice(fixture.viewer.device.id))
        let ended = fixture.handler.calls.compactMap { call -> ([SessionID], DeviceID, SessionEndReason)? in
            if case .ended(let sessions, let viewer, let reason) = call { return (sessions, viewer, reason) }
            return nil
        }
        #expect(ended.count == 1)
        #expect(ended.first?.0.count == 2)
        #expect(ended.first?.1 == fixture.viewer.device.id)
        #expect(ended.first?.2 == .revoked)
        #expect(fixture.handler.liveCount == 1)  // the other viewer's
        #expect(await fixture.bed.server.whepSessionCount() == 1)
        let patch = try await fixture.client.patch(first.resource, fragment: try first.offerer.fragment(candidates: []))
        #expect(patch.status == 401)
        #expect(patch.errorCode == "revoked-token")
        #expect(try await fixture.client.delete(second.resource).status == 401)
    }

    @Test func sessionsTheAgentEndedOnItsOwnAreForgotten() async throws {
        let fixture = try await WHEPFixture()
        let (offerer, _, resource) = try await fixture.createSession()
        let session = try SessionID(parsing: String(resource.split(separator: "/").last ?? ""))
        await fixture.bed.server.whepSessionEnded(session)
        #expect(await fixture.bed.server.whepSessionCount() == 0)
        let patch = try await fixture.client.patch(resource, fragment: try offerer.fragment(candidates: []))
        #expect(patch.status == 404)
    }
}

/// Waits for `condition`, polling, for at most `limit`. Bounds a wait; never a speed figure.
func eventually(within limit: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: limit)
    while clock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}
