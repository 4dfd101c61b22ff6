import Foundation
import Testing

/// The aiortc WHEP server is the independent peer both the browser check and viewer-agent's WHEP
/// client rely on, so its HTTP contract is pinned here: the rows WHEP clients must tell apart,
/// CORS for a player on another origin, and a full POST → PATCH → DELETE with a real Chromium
/// offer. All on loopback; candidates from the fixture are stripped so nothing resolves mDNS.
@Suite("aiortc WHEP server's HTTP contract",
       .enabled(if: AiortcWHEPServer.missing == nil, "\(AiortcWHEPServer.missing ?? "")"),
       .timeLimit(.minutes(2)))
struct AiortcWHEPServerTests {
    static let token = "test-token-\(UInt32.random(in: 0...UInt32.max))"

    /// Chromium's recvonly offer (captured by Tests/SDPTests/Fixtures/generate-chromium.py) with its
    /// `.local` candidates removed.
    static func chromiumOffer() throws -> String {
        let fixture = BrowserPlayerCheck.repositoryRoot
            .appendingPathComponent("Tests/SDPTests/Fixtures/chromium-recvonly-offer.sdp")
        let text = try String(contentsOf: fixture, encoding: .utf8)
        return text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .filter { !$0.hasPrefix("a=candidate:") && !$0.isEmpty }
            .joined(separator: "\r\n") + "\r\n"
    }

    struct Row: Sendable, CustomStringConvertible {
        let description: String
        let headers: [String: String]
        let body: String
        let status: Int
        let text: String
    }

    static let sdp = ["Content-Type": "application/sdp"]
    static let rows: [Row] = [
        Row(description: "no token", headers: sdp, body: "v=0", status: 401, text: "missing bearer token"),
        Row(description: "not a bearer token", headers: sdp.merging(["Authorization": "Basic eDp5"]) { $1 },
            body: "v=0", status: 401, text: "malformed Authorization"),
        Row(description: "wrong token", headers: sdp.merging(["Authorization": "Bearer nope"]) { $1 },
            body: "v=0", status: 401, text: "unknown bearer token"),
        Row(description: "wrong content type", headers: ["Authorization": "Bearer \(token)", "Content-Type": "text/plain"],
            body: "v=0", status: 415, text: "application/sdp"),
        Row(description: "empty offer", headers: sdp.merging(["Authorization": "Bearer \(token)"]) { $1 },
            body: "", status: 400, text: "empty offer"),
        Row(description: "no H264", headers: sdp.merging(["Authorization": "Bearer \(token)"]) { $1 },
            body: "v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n", status: 406, text: "H264"),
        Row(description: "malformed offer", headers: sdp.merging(["Authorization": "Bearer \(token)"]) { $1 },
            body: "H264/90000 opus/48000\r\n", status: 400, text: "malformed offer"),
    ]

    @Test("POST rejects bad requests with distinct statuses and bodies", arguments: rows)
    func rejects(row: Row) throws {
        let server = try AiortcWHEPServer(token: Self.token)
        defer { _ = server.stop() }
        let reply = try server.send("POST", headers: row.headers, body: row.body)
        #expect(reply.status == row.status, "\(row): \(reply.body)")
        #expect(reply.body.contains(row.text), "\(row): \(reply.body)")
        #expect(reply.headers["access-control-allow-origin"] == "*", "errors must be readable cross-origin")
    }

    @Test("unknown stream is 404, full server is 503 with Retry-After")
    func streamAndCapacity() throws {
        let server = try AiortcWHEPServer(token: Self.token, arguments: ["--max-sessions", "0"])
        defer { _ = server.stop() }
        let auth = Self.sdp.merging(["Authorization": "Bearer \(Self.token)"]) { $1 }
        let unknown = try server.send("POST", path: "/whep/other", headers: auth, body: try Self.chromiumOffer())
        #expect(unknown.status == 404 && unknown.body.contains("unknown stream"))
        let full = try server.send("POST", headers: auth, body: try Self.chromiumOffer())
        #expect(full.status == 503 && full.body.contains("viewer limit"))
        #expect(full.headers["retry-after"] == "2")
    }

    @Test("preflight allows the WHEP headers and exposes Location and ETag")
    func preflight() throws {
        let server = try AiortcWHEPServer(token: Self.token)
        defer { _ = server.stop() }
        let reply = try server.send("OPTIONS", headers: ["Origin": "http://127.0.0.1:1",
                                                               "Access-Control-Request-Method": "POST"])
        #expect(reply.status == 204)
        #expect(reply.headers["access-control-allow-headers"] == "Authorization, Content-Type, If-Match")
        #expect(reply.headers["access-control-expose-headers"]?.contains("Location, ETag") == true)
        #expect(reply.headers["accept-patch"] == "application/trickle-ice-sdpfrag")
    }

    @Test("a Chromium offer gets 201 + answer; PATCH honours If-Match; DELETE is idempotent; SIGTERM exits 0")
    func sessionLifecycle() throws {
        let server = try AiortcWHEPServer(token: Self.token)
        let auth = ["Authorization": "Bearer \(Self.token)"]
        let created = try server.send("POST", headers: auth.merging(Self.sdp) { $1 }, body: try Self.chromiumOffer())
        try #require(created.status == 201, "\(created.body)")
        #expect(created.body.contains("a=rtpmap:") && created.body.contains("H264/90000"))
        #expect(!created.body.contains("VP8/90000"), "H264 is forced by codec preferences")
        #expect(created.body.contains("opus/48000/2"))
        #expect(created.body.contains("a=sendonly"))
        #expect(created.body.contains(" 127.0.0.1 "), "loopback host candidate in the answer")
        let location = try #require(created.headers["location"])
        let etag = try #require(created.headers["etag"])

        let offer = try Self.chromiumOffer()
        func line(_ prefix: String) -> String {
            offer.split(whereSeparator: \.isNewline).first { $0.hasPrefix(prefix) }.map(String.init) ?? ""
        }
        let fragment = [line("a=ice-ufrag:"), line("a=ice-pwd:"), "m=video 9 UDP/TLS/RTP/SAVPF 0", "a=mid:0",
                        "a=candidate:1 1 udp 2113937151 127.0.0.1 9 typ host", "a=end-of-candidates", ""]
            .joined(separator: "\r\n")
        let trickle = auth.merging(["Content-Type": "application/trickle-ice-sdpfrag"]) { $1 }
        let stale = try server.send("PATCH", path: location, headers: trickle.merging(["If-Match": "\"old\""]) { $1 },
                                          body: fragment)
        #expect(stale.status == 412)
        let restart = try server.send("PATCH", path: location, headers: trickle,
                                            body: fragment.replacingOccurrences(of: line("a=ice-ufrag:"), with: "a=ice-ufrag:new1"))
        #expect(restart.status == 501, "aiortc cannot restart ICE: \(restart.body)")
        let patched = try server.send("PATCH", path: location, headers: trickle.merging(["If-Match": etag]) { $1 },
                                            body: fragment)
        #expect(patched.status == 204, "\(patched.body)")
        let unknown = try server.send("PATCH", path: "/whep/main/nope", headers: trickle, body: fragment)
        #expect(unknown.status == 404)

        let listed = try server.send("GET", path: "/sessions", headers: auth)
        #expect(listed.body.contains("\"trickledCandidates\": 1"), "\(listed.body)")
        #expect(try server.send("DELETE", path: location, headers: auth).status == 204)
        #expect(try server.send("DELETE", path: location, headers: auth).status == 204, "idempotent")
        #expect(try server.send("GET", path: "/sessions", headers: auth).body == "[]")
        #expect(server.stop() == 0, "SIGTERM is a clean shutdown")
    }
}
