import DeviceStore
import Foundation
import NIOHTTP1
import PeerCamCore
import Testing
@testable import Signaling

/// The credentials of the authorisation matrix (issue 6): each row is an
/// `Authorization` header a client might present.
enum AuthorizationCase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case none, malformed, notBearerScheme, wrong, revoked, cameraRole

    var testDescription: String { rawValue }

    /// The header value for this case on `bed` (nil: no header).
    func header(in bed: SignalingTestBed) async throws -> String? {
        switch self {
        case .none: nil
        case .malformed: "Bearer not-a-token"
        case .notBearerScheme: "Basic dXNlcjpwYXNz"
        case .wrong: BearerToken.generate().authorizationHeaderValue
        case .revoked: try bed.storeDevice(role: .viewer, revoked: true).authorizationHeaderValue
        case .cameraRole: try bed.storeDevice(role: .camera).authorizationHeaderValue
        }
    }

    /// The exact refusal the server must give.
    var expected: (status: Int, code: String) {
        switch self {
        case .none: (401, "missing-token")
        case .malformed, .notBearerScheme: (401, "malformed-token")
        case .wrong: (401, "unknown-token")
        case .revoked: (401, "revoked-token")
        case .cameraRole: (403, "forbidden")
        }
    }
}

@Suite struct AuthorizationTests {
    @Test(arguments: AuthorizationCase.allCases)
    func theWebSocketUpgradeIsRefusedWithTheExactStatusAndCode(_ credential: AuthorizationCase) async throws {
        let bed = try await SignalingTestBed()
        let header = try await credential.header(in: bed)
        await #expect(throws: SignalingClientError.refused(status: credential.expected.status,
                                                           code: credential.expected.code,
                                                           message: SignalingTestBed.message(for: credential))) {
            _ = try await bed.connect(authorization: header)
        }
        #expect(await bed.server.connectionCount() == 0)
    }

    /// Every other endpoint needs a token as well; a paired viewer then learns the
    /// path does not exist, an anonymous client does not even learn that.
    @Test(arguments: AuthorizationCase.allCases.filter { $0 != .cameraRole })
    func otherEndpointsRequireAToken(_ credential: AuthorizationCase) async throws {
        let bed = try await SignalingTestBed()
        let answer = try await SingleRequestHTTPClient.send(
            .GET, "/metrics", authorization: try await credential.header(in: bed),
            over: .pinnedTLS(bed.endpoint, PinnedCertificateVerifier(pinned: bed.fingerprint)))
        #expect(answer.status == credential.expected.status)
        #expect(answer.errorCode == credential.expected.code)
        #expect(answer.headers["WWW-Authenticate"].first?.hasPrefix("Bearer") == true)
    }

    @Test func aPairedViewerGetsNotFoundForAnUnknownPathAndUpgradeRequiredForPlainGET() async throws {
        let bed = try await SignalingTestBed()
        let paired = try await bed.pairViewer()
        let transport = SingleRequestHTTPClient.Transport.pinnedTLS(bed.endpoint,
                                                                     PinnedCertificateVerifier(pinned: bed.fingerprint))
        let missing = try await SingleRequestHTTPClient.send(.GET, "/metrics",
                                                             authorization: paired.token.authorizationHeaderValue,
                                                             over: transport)
        #expect(missing.status == 404)
        #expect(missing.errorCode == "not-found")
        let plain = try await SingleRequestHTTPClient.send(.GET, "/signaling",
                                                           authorization: paired.token.authorizationHeaderValue,
                                                           over: transport)
        #expect(plain.status == 426)
        #expect(plain.errorCode == "upgrade-required")
    }

    @Test(arguments: ["POST /signaling", "GET /pair", "DELETE /pair"])
    func otherMethodsOnTheOpenPathsStillNeedAToken(route: String) async throws {
        let bed = try await SignalingTestBed()
        let parts = route.split(separator: " ")
        let answer = try await SingleRequestHTTPClient.send(
            HTTPMethod(rawValue: String(parts[0])), String(parts[1]),
            over: .pinnedTLS(bed.endpoint, PinnedCertificateVerifier(pinned: bed.fingerprint)))
        #expect(answer.status == 401)
        #expect(answer.errorCode == "missing-token")
    }

    @Test func aPairedViewerConnects() async throws {
        let bed = try await SignalingTestBed()
        let paired = try await bed.pairViewer()
        let connection = try await SignalingClient.connect(to: paired)
        #expect(await bed.server.connectionCount() == 1)
        await connection.close()
        #expect(connection.closeCode == 1000)
    }
}

extension SignalingTestBed {
    /// The human message the server sends for each refusal (part of the JSON body).
    static func message(for credential: AuthorizationCase) -> String {
        switch credential {
        case .none: SignalingHTTPRefusal.missingToken.message
        case .malformed, .notBearerScheme: SignalingHTTPRefusal.malformedToken.message
        case .wrong: SignalingHTTPRefusal.unknownToken.message
        case .revoked: SignalingHTTPRefusal.revokedToken.message
        case .cameraRole: SignalingHTTPRefusal.wrongRole(.camera, needed: .viewer).message
        }
    }
}
