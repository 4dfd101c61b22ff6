import Foundation
import NIOHTTP1
import PeerCamCore
import Testing
@testable import Signaling

/// CORS on the WHEP routes only, and ICE servers in `Link` headers (RFC 9725 §4.6).
@Suite struct WHEPCORSTests {
    /// A browser's preflight: no token, `Origin` and `Access-Control-Request-*`.
    @Test(arguments: ["/whep/main", "/whep/main/sessions/\(SessionID.random())"])
    func aPreflightIsAnsweredWithoutAToken(path: String) async throws {
        let fixture = try await WHEPFixture()
        let anonymous = WHEPTestClient(bed: fixture.bed, authorization: nil)
        let answer = try await anonymous.send(.OPTIONS, path, headers: [
            ("Origin", "https://player.example"), ("Access-Control-Request-Method", "PATCH"),
            ("Access-Control-Request-Headers", "authorization, content-type, if-match"),
        ])
        #expect(answer.status == 204)
        #expect(answer.header("Access-Control-Allow-Origin") == "*")
        #expect(answer.header("Access-Control-Allow-Methods") == "POST, PATCH, DELETE, OPTIONS")
        #expect(answer.header("Access-Control-Allow-Headers") == "Authorization, Content-Type, If-Match")
        let exposed = Set((answer.header("Access-Control-Expose-Headers") ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) })
        #expect(exposed.isSuperset(of: ["Location", "ETag", "Link", "Accept-Patch"]))
        #expect(answer.header("Access-Control-Max-Age") == "600")
        #expect(answer.header("Accept-Patch") == "application/trickle-ice-sdpfrag")
        #expect(fixture.handler.calls.isEmpty)
    }

    @Test func aCreatedSessionExposesItsHeadersToOtherOrigins() async throws {
        let fixture = try await WHEPFixture()
        let offerer = try fixture.makeOfferer()
        let answer = try await fixture.client.send(.POST, "/whep/main", body: offerer.offer, headers: [
            ("Content-Type", "application/sdp"), ("Origin", "https://player.example"),
        ])
        #expect(answer.status == 201)
        #expect(answer.header("Access-Control-Allow-Origin") == "*")
        let exposed = answer.header("Access-Control-Expose-Headers") ?? ""
        for name in ["Location", "ETag", "Link", "Accept-Patch"] { #expect(exposed.contains(name)) }
        let resource = try #require(answer.header("Location"))
        let deleted = try await fixture.client.send(.DELETE, resource, headers: [("Origin", "https://player.example")])
        #expect(deleted.status == 204)
        #expect(deleted.header("Access-Control-Allow-Origin") == "*")
    }

    /// Pairing, signaling and the rest keep the browser's same-origin policy: no CORS header,
    /// and OPTIONS there is just another request that needs a token.
    @Test(arguments: [("OPTIONS", "/pair"), ("POST", "/pair"), ("OPTIONS", "/signaling"), ("GET", "/signaling"),
                      ("OPTIONS", "/metrics"), ("GET", "/sessions")])
    func otherRoutesSendNoCORSHeaders(method: String, path: String) async throws {
        let fixture = try await WHEPFixture()
        let anonymous = WHEPTestClient(bed: fixture.bed, authorization: nil)
        let answer = try await anonymous.send(HTTPMethod(rawValue: method), path, body: method == "POST" ? "{}" : nil,
                                              headers: [("Origin", "https://player.example"),
                                                        ("Access-Control-Request-Method", "POST")])
        #expect(answer.status != 204)
        #expect(answer.header("Access-Control-Allow-Origin") == nil)
        #expect(answer.header("Access-Control-Allow-Methods") == nil)
        let viewer = WHEPTestClient(bed: fixture.bed, viewer: fixture.viewer)
        let authenticated = try await viewer.send(HTTPMethod(rawValue: method), path,
                                                  headers: [("Origin", "https://player.example")])
        #expect(authenticated.header("Access-Control-Allow-Origin") == nil)
    }

    @Test func configuredICEServersAreAdvertisedInLinkHeaders() async throws {
        let servers = [try WHEPICEServer(url: "stun:stun.camera.test:3478"),
                       try WHEPICEServer(url: "turn:turn.camera.test:3478?transport=udp", username: "cam",
                                         credential: "se\"cret")]
        let fixture = try await WHEPFixture(iceServers: servers)
        let answer = try await fixture.createSession().answer
        #expect(answer.status == 201)
        #expect(answer.headers["Link"] == [
            #"<stun:stun.camera.test:3478>; rel="ice-server""#,
            #"<turn:turn.camera.test:3478?transport=udp>; rel="ice-server"; username="cam"; credential="se\"cret"; credential-type="password""#,
        ])
    }

    @Test(arguments: [
        ("https://stun.camera.test", nil as String?, nil as String?, WHEPICEServerError.unsupportedScheme("https://stun.camera.test")),
        ("stun:a>; rel=\"next\"", nil, nil, .unsafeCharacters(field: "url")),
        ("turn:t.test", "user", nil, .credentialWithoutUsername),
        ("turn:t.test", "us\ner", "p", .unsafeCharacters(field: "username")),
    ])
    func iceServersThatWouldBreakTheHeaderAreRefused(url: String, username: String?, credential: String?,
                                                     error: WHEPICEServerError) {
        #expect(throws: error) { _ = try WHEPICEServer(url: url, username: username, credential: credential) }
    }
}
