import Foundation
import NIOHTTP1
import PeerCamCore
import Testing
@testable import Signaling

/// The rows of the WHEP error matrix (issue 8) for `POST /whep/{stream}`: each sends one bad
/// request to a real server whose handler answers with a real `PeerConnection`.
enum WHEPOfferRow: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case missingBody, blankBody, notSDP, notUTF8, noFingerprint, bodyTooLarge
    case jsonContentType, textContentType
    case unknownStream, unusableStreamName
    case noH264, noOpus

    var testDescription: String { rawValue }

    /// Status, code, and whether the agent's handler may be asked at all.
    var expected: (status: Int, code: String, reachesHandler: Bool) {
        switch self {
        case .missingBody: (400, "missing-offer", false)
        case .blankBody: (400, "empty-offer", false)
        case .notSDP, .notUTF8: (400, "malformed-offer", false)
        // Parses as SDP; the real negotiator refuses it, and that is not about codecs.
        case .noFingerprint: (400, "malformed-offer", true)
        case .bodyTooLarge: (413, "body-too-large", false)
        case .jsonContentType, .textContentType: (415, "unsupported-media-type", false)
        case .unknownStream: (404, "unknown-stream", true)
        case .unusableStreamName: (404, "unknown-stream", false)
        case .noH264, .noOpus: (406, "no-usable-codec", true)
        }
    }

    func send(with fixture: WHEPFixture, offer: String) async throws -> SingleRequestHTTPClient.Answer {
        let client = fixture.client
        switch self {
        case .missingBody: return try await client.post(offer: nil)
        case .blankBody: return try await client.post(offer: " \r\n\r\n")
        case .notSDP: return try await client.post(offer: "hello, camera")
        case .notUTF8:
            return try await SingleRequestHTTPClient.send(
                .POST, "/whep/main", body: [0x76, 0x3D, 0x30, 0x0D, 0x0A, 0xFF, 0xFE],
                authorization: client.authorization, headers: [("Content-Type", "application/sdp")],
                over: .pinnedTLS(fixture.bed.endpoint, PinnedCertificateVerifier(pinned: fixture.bed.fingerprint)))
        case .noFingerprint:
            let lines = offer.components(separatedBy: "\r\n").filter { !$0.hasPrefix("a=fingerprint:") }
            return try await client.post(offer: lines.joined(separator: "\r\n"))
        case .bodyTooLarge:
            return try await client.post(offer: offer + String(repeating: "a=x-padding:0123456789\r\n", count: 3000))
        case .jsonContentType: return try await client.post(offer: offer, contentType: "application/json")
        case .textContentType: return try await client.post(offer: offer, contentType: "text/plain")
        case .unknownStream: return try await client.post("kitchen", offer: offer)
        case .unusableStreamName: return try await client.post("main~1", offer: offer)
        case .noH264: return try await client.post(offer: offer.replacingOccurrences(of: "H264/90000", with: "VP8/90000"))
        case .noOpus: return try await client.post(offer: offer.replacingOccurrences(of: "opus/48000/2", with: "G722/8000/1"))
        }
    }
}

@Suite struct WHEPErrorMatrixTests {
    @Test(arguments: WHEPOfferRow.allCases)
    func aBadOfferIsRefusedWithItsOwnStatusAndCode(_ row: WHEPOfferRow) async throws {
        let fixture = try await WHEPFixture()
        let offerer = try fixture.makeOfferer()
        let answer = try await row.send(with: fixture, offer: offerer.offer)
        #expect(answer.status == row.expected.status)
        #expect(answer.errorCode == row.expected.code)
        #expect(answer.header("Content-Type") == "application/json")
        #expect(answer.header("Location") == nil)
        // Refusals reach a cross-origin player too: it must be able to read why.
        #expect(answer.header("Access-Control-Allow-Origin") == "*")
        #expect(fixture.handler.calls.isEmpty == !row.expected.reachesHandler)
        #expect(fixture.handler.liveCount == 0)
        #expect(await fixture.bed.server.whepSessionCount() == 0)
    }

    /// {no token, malformed, wrong, revoked} → 401, camera token → 403, as on every endpoint.
    @Test(arguments: AuthorizationCase.allCases)
    func tokenProblemsAreRefusedBeforeTheOfferIsRead(_ credential: AuthorizationCase) async throws {
        let fixture = try await WHEPFixture()
        let client = WHEPTestClient(bed: fixture.bed, authorization: try await credential.header(in: fixture.bed))
        let answer = try await client.post(offer: try fixture.makeOfferer().offer)
        #expect(answer.status == credential.expected.status)
        #expect(answer.errorCode == credential.expected.code)
        #expect(answer.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        #expect(answer.header("Access-Control-Allow-Origin") == "*")
        #expect(fixture.handler.calls.isEmpty)
    }

    @Test func theStreamCapAndTheTotalCapAreRefusedWithDifferentBodies() async throws {
        let handler = try PeerConnectionWHEPHandler(streams: ["main", "side", "garden"], streamCap: 1, totalCap: 2)
        let fixture = try await WHEPFixture(handler: handler)
        #expect(try await fixture.createSession("main").answer.status == 201)
        let streamFull = try await fixture.createSession("main").answer
        #expect(streamFull.status == 503)
        #expect(streamFull.errorCode == "stream-cap-reached")
        #expect(streamFull.header("Retry-After") == String(WHEPRefusal.capRetryAfterSeconds))
        #expect(try await fixture.createSession("side").answer.status == 201)
        let cameraFull = try await fixture.createSession("garden").answer
        #expect(cameraFull.status == 503)
        #expect(cameraFull.errorCode == "total-cap-reached")
        #expect(cameraFull.header("Retry-After") == String(WHEPRefusal.capRetryAfterSeconds))
        #expect(streamFull.body != cameraFull.body)
        #expect(await fixture.bed.server.whepSessionCount() == 2)
    }

    @Test func anAnswerThatCannotGatherInTimeIsAGatewayTimeout() async throws {
        let fixture = try await WHEPFixture(handler: try PeerConnectionWHEPHandler(gatheringLimit: .zero))
        let answer = try await fixture.createSession().answer
        #expect(answer.status == 504)
        #expect(answer.errorCode == "ice-gathering-timeout")
        #expect(await fixture.bed.server.whepSessionCount() == 0)
    }
}
