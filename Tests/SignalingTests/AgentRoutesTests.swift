import Foundation
import PeerCamCore
import Synchronization
import Testing
import WebPlayer
@testable import Signaling

/// A `CameraSessionDirectory` holding whatever summaries a test puts in it.
final class FixedSessionDirectory: CameraSessionDirectory {
    let summaries = Mutex<[CameraSessionSummary]>([])
    func sessionSummaries() async -> [CameraSessionSummary] { summaries.withLock { $0 } }
}

/// The player page, `/metrics` and `/sessions` on the HTTPS port and the admin socket.
@Suite struct AgentRoutesTests {
    @Test(arguments: ["/", "/player"])
    func thePlayerPageIsServedWithoutATokenUnderAStrictPolicy(path: String) async throws {
        let bed = try await SignalingTestBed()
        let answer = try await WHEPTestClient(bed: bed, authorization: nil).send(.GET, path)
        #expect(answer.status == 200)
        #expect(answer.header("Content-Type") == WebPlayerPage.contentType)
        #expect(answer.header("Content-Security-Policy") == WebPlayerPage.contentSecurityPolicy)
        #expect(answer.header("Cache-Control") == "no-store")
        #expect(answer.header("X-Content-Type-Options") == "nosniff")
        #expect(answer.body == (try WebPlayerPage()).bytes)
        #expect(answer.text.contains("/whep/main"))
    }

    @Test func metricsNeedATokenAndAreTheAgentsText() async throws {
        let exposition = "# TYPE peercam_sessions gauge\npeercam_sessions{state=\"streaming\"} 2\n"
        let bed = try await SignalingTestBed(metrics: { exposition })
        let anonymous = try await WHEPTestClient(bed: bed, authorization: nil).send(.GET, "/metrics")
        #expect(anonymous.status == 401)
        #expect(anonymous.errorCode == "missing-token")
        let viewer = try await bed.pairViewer()
        let answer = try await WHEPTestClient(bed: bed, viewer: viewer).send(.GET, "/metrics")
        #expect(answer.status == 200)
        #expect(answer.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        #expect(answer.text == exposition)
    }

    @Test func metricsTurnedOffAre404() async throws {
        let bed = try await SignalingTestBed()
        let viewer = try await bed.pairViewer()
        let answer = try await WHEPTestClient(bed: bed, viewer: viewer).send(.GET, "/metrics")
        #expect(answer.status == 404)
        #expect(answer.errorCode == "not-found")
    }

    @Test func aViewerListsOnlyItsOwnSessionsAndTheOperatorListsAll() async throws {
        let directory = FixedSessionDirectory()
        let bed = try await SignalingTestBed(sessionDirectory: directory)
        let alice = try await bed.pairViewer(name: "Alice")
        let bob = try await bed.pairViewer(name: "Bob")
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        let summaries = [
            CameraSessionSummary(id: .random(), stream: "main", viewerID: bob.device.id, viewerName: "Bob",
                                 transport: .signaling, streaming: true, startedAt: start.addingTimeInterval(5)),
            CameraSessionSummary(id: .random(), stream: "main", viewerID: alice.device.id, viewerName: "Alice",
                                 transport: .whep, endReason: .iceFailed, startedAt: start,
                                 endedAt: start.addingTimeInterval(30)),
            CameraSessionSummary(id: .random(), stream: "main", viewerID: alice.device.id, viewerName: "Alice",
                                 transport: .signaling, startedAt: start.addingTimeInterval(60)),
        ]
        directory.summaries.withLock { $0 = summaries }

        let all = try await bed.admin.listSessions()
        #expect(all == [summaries[1], summaries[0], summaries[2]])  // oldest first
        #expect(all[0].state == .ended && all[0].endReason == "ice-failed" && all[0].endedAt != nil)
        #expect(all[1].state == .streaming && all[2].state == .requested)

        let answer = try await WHEPTestClient(bed: bed, viewer: alice).send(.GET, "/sessions")
        #expect(answer.status == 200)
        let own = try JSONDecoder.admin.decode(CameraSessionList.self, from: Data(answer.body)).sessions
        #expect(own == [summaries[1], summaries[2]])
        #expect(answer.text.contains("\"transport\":\"whep\""))

        let camera = WHEPTestClient(bed: bed, authorization: try bed.storeDevice(role: .camera).authorizationHeaderValue)
        #expect(try await camera.send(.GET, "/sessions").status == 403)
        #expect(try await WHEPTestClient(bed: bed, authorization: nil).send(.GET, "/sessions").status == 401)
    }

    @Test func anAgentWithoutADirectoryAnswers404ForSessions() async throws {
        let bed = try await SignalingTestBed()
        do {
            _ = try await bed.admin.listSessions()
            Issue.record("GET /sessions answered without a session directory")
        } catch {
            guard case .refused(let status, _, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(status == 404)
        }
    }
}
