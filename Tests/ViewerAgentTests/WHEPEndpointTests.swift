import Signaling
import WebRTC
import Testing
import ViewerPipeline
@testable import ViewerAgentCore

/// WHEP URLs, resource locations, the candidates put into a full offer, and the status line.
@Suite("WHEP endpoint, offer candidates, status line")
struct WHEPEndpointTests {
    @Test("Accepted and refused endpoint URLs", arguments: [
        ("http://127.0.0.1:8080/whep/main", true),
        ("http://localhost/whep", true),
        ("http://[::1]:9/whep", true),
        ("https://camera.example:8443/whep/main", true),
        ("http://192.168.1.20:8080/whep/main", false),  // token in clear beyond loopback
        ("ftp://127.0.0.1/whep", false),
        ("not a url", false),
    ])
    func urls(url: String, accepted: Bool) {
        #expect(((try? WHEPEndpoint(url: url, token: "t")) != nil) == accepted)
    }

    @Test("https uses the pinned fingerprint when given, else system trust; --fingerprint with http is refused")
    func security() throws {
        let fingerprint = CertificateFingerprint(derCertificate: [9])
        #expect(try WHEPEndpoint(url: "https://h/w", token: nil, fingerprint: fingerprint).security == .pinned(fingerprint))
        #expect(try WHEPEndpoint(url: "https://h/w", token: nil).security == .systemTrust)
        #expect(throws: ViewerFailure.self) { try WHEPEndpoint(url: "http://127.0.0.1/w", token: nil, fingerprint: fingerprint) }
        #expect(throws: ViewerFailure.self) { try WHEPEndpoint(url: "http://127.0.0.1/w", token: "two words") }
    }

    @Test("Location: relative and absolute same-server resources resolve; another server is refused", arguments: [
        ("/whep/main/abc", "/whep/main/abc"),
        ("abc", "/whep/abc"),
        ("http://127.0.0.1:8080/whep/main/xyz?k=1", "/whep/main/xyz?k=1"),
    ])
    func locations(location: String, expected: String) throws {
        let endpoint = try WHEPEndpoint(url: "http://127.0.0.1:8080/whep/main", token: "t")
        #expect(try endpoint.resourceTarget(location: location) == expected)
    }

    @Test("A Location on another host is refused (the token would go there)")
    func foreignLocation() throws {
        let endpoint = try WHEPEndpoint(url: "http://127.0.0.1:8080/whep/main", token: "t")
        #expect(throws: ViewerFailure.self) { try endpoint.resourceTarget(location: "http://evil.example/whep/x") }
    }

    @Test("Candidates go into every media section with end-of-candidates; trickled leftovers are replaced")
    func candidatesInOffer() {
        let offer = "v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\na=candidate:old 1 udp 1 1.1.1.1 1 typ host\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:1\r\n"
        let result = SDPCandidateLines.adding(["candidate:1 1 UDP 2122260223 127.0.0.1 50000 typ host"], to: offer)
        let lines = result.components(separatedBy: "\r\n")
        #expect(lines.filter { $0 == "a=candidate:1 1 UDP 2122260223 127.0.0.1 50000 typ host" }.count == 2)
        #expect(lines.filter { $0 == "a=end-of-candidates" }.count == 2)
        #expect(!result.contains("candidate:old"))
        #expect(result.hasSuffix("a=end-of-candidates\r\n"))
        let video = lines.firstIndex(of: "m=video 9 UDP/TLS/RTP/SAVPF 96")
        let audio = lines.firstIndex(of: "m=audio 9 UDP/TLS/RTP/SAVPF 111")
        #expect(video != nil && audio != nil)
        if let video, let audio { #expect(lines[video..<audio].contains("a=end-of-candidates")) }
    }

    @Test("The status line shows state, fps, kbit/s, loss, RTT and frames")
    func statusLine() {
        var statistics = ViewerPipelineStatistics()
        var video = ViewerPipelineStatistics.Video()
        video.framesPerSecond = 29.94
        video.framesDecoded = 1234
        video.stream.kilobitsPerSecond = 1800
        video.stream.packetsReceived = 990
        video.stream.packetsLost = 10
        statistics.video = video
        statistics.roundTripTimeMilliseconds = 12.4
        let line = WatchStatusLine.text(state: "active", statistics: statistics, reconnects: 2)
        #expect(line == "active     29.9 fps  1800 kbit/s  loss 1.0%  RTT 12 ms  frames 1234  reconnects 2")
        #expect(WatchStatusLine.text(state: "connecting", statistics: .init(), reconnects: 0)
            == "connecting 0.0 fps  0 kbit/s  loss 0.0%  RTT -  frames 0")
    }
}
