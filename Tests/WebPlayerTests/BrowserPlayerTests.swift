import Foundation
import Testing
import WebPlayer

/// The page in a real browser: headless Chromium (Debian) plays the bundled page, served with
/// the policy the camera will send, against an independent WHEP server written with aiortc.
/// Needs `scripts/bootstrap` (the .venv with aiortc, aiohttp and selenium; chromium and
/// chromium-driver); reported as skipped, with the reason, when any of that is missing.
@Suite("Web player in headless Chromium against aiortc's WHEP server",
       .enabled(if: BrowserPlayerCheck.missing == nil, "\(BrowserPlayerCheck.missing ?? "")"),
       .timeLimit(.minutes(4)))
struct BrowserPlayerTests {
    @Test("plays H264 and Opus, reports 401/404/503, remembers the token, reconnects, leaves with DELETE, asks for the click that starts sound")
    func playsInChromium() throws {
        let page = try WebPlayerPage()
        let outcome = try BrowserPlayerCheck.run(page: page.bytes,
                                                 contentSecurityPolicy: WebPlayerPage.contentSecurityPolicy)
        let result = outcome.result
        #expect(result["ok"] as? Bool == true,
                "failure: \(result["failure"] ?? "none")\nstderr: \(outcome.stderr.suffix(2000))")
        #expect((result["framesDecoded"] as? Int ?? 0) > 0)
        #expect((result["audioPacketsReceived"] as? Int ?? 0) > 0)
        #expect((result["audioBytesReceived"] as? Int ?? 0) > 0)
        #expect((result["audioSamplesReceived"] as? Int ?? 0) > 0, "decoded audio reached the <audio> element")
        #expect(result["resolution"] as? String == "320×240")
        #expect(result["videoCodec"] as? String == "video/H264", "the server forces H264")
        #expect(result["audioCodec"] as? String == "audio/opus")
        #expect((result["trickledCandidates"] as? Int ?? 0) > 0, "candidates were trickled by PATCH")

        let steps = result["steps"] as? [String: Any] ?? [:]
        let unauthorized = steps["unauthorized"] as? String ?? ""
        #expect(unauthorized.hasPrefix("401 "), "401 message: \(unauthorized)")
        #expect(unauthorized.contains("unknown bearer token"), "the server's body is shown")
        for step in ["playing", "remembered", "reconnected", "left", "status_errors", "forgotten", "unmuted_by_click"] {
            #expect(steps[step] as? Bool == true, "step \(step) did not pass")
        }
        #expect((steps["no_trickle"] as? [String])?.count == 1, "the 405 PATCH marks the endpoint non-trickle")
    }
}
