import Foundation
import Testing
import WebPlayer

/// What the camera will serve as `/player`: the bundled page, read through the public API only.
@Suite("The bundled player page")
struct WebPlayerPageTests {
    let page: WebPlayerPage
    let html: String

    init() throws {
        page = try WebPlayerPage()
        html = String(decoding: page.bytes, as: UTF8.self)
    }

    @Test("loads through the API as a UTF-8 HTML document")
    func loadsAsHTML() {
        #expect(WebPlayerPage.contentType == "text/html; charset=utf-8")
        #expect(String(validating: page.bytes, as: UTF8.self) != nil)
        #expect(html.lowercased().hasPrefix("<!doctype html>"))
        #expect(html.contains("<html lang=\"en\">"))
        #expect(html.contains("<meta name=\"viewport\""))
        #expect(html.hasSuffix("</html>\n"))
    }

    /// Served from a camera box on a LAN, possibly offline: anything fetched from elsewhere would
    /// break the page and leak who watches which camera.
    @Test("loads nothing from other hosts", arguments: [
        "http://", "https://", "src=", "href=", "url(", "@import", "<link", "<iframe", "<img", "import(",
    ])
    func loadsNothingExternal(pattern: String) {
        // Case matters only for schemes; `url(` is CSS while the script's `new URL(` is fine.
        let haystack = pattern.hasSuffix("://") ? html.lowercased() : html
        #expect(!haystack.contains(pattern), "page contains \(pattern)")
    }

    @Test("has exactly one inline script and one inline style")
    func isSelfContained() {
        #expect(html.components(separatedBy: "<script").count == 2)
        #expect(html.components(separatedBy: "<style").count == 2)
        #expect(html.contains("<script>"), "the script must be inline, with no attributes")
    }

    /// Screen readers announce an input by its label; the state and errors are live regions.
    @Test("labels every input and announces state and errors")
    func isAccessible() throws {
        let ids = try Regex(#"<input id="([^"]+)""#)
        let inputs = html.matches(of: ids).map { String($0.output[1].substring ?? "") }
        #expect(inputs.sorted() == ["endpoint", "token"])
        for input in inputs {
            #expect(html.contains("<label for=\"\(input)\""), "input \(input) has no label")
        }
        #expect(html.contains("role=\"status\" aria-live=\"polite\""))
        #expect(html.contains("id=\"error\" role=\"alert\""))
    }

    @Test("stays small enough to serve from a small board without a second thought")
    func isSmall() {
        #expect(page.bytes.count < 24 * 1024, "page is \(page.bytes.count) bytes")
    }

    @Test("inline script parses", .enabled(if: NodeScriptCheck.node != nil, "needs node on PATH for `node --check`"))
    func scriptParses() throws {
        let script = try #require(NodeScriptCheck.inlineScript(of: html))
        let outcome = try NodeScriptCheck.check(script)
        #expect(outcome.status == 0, "node --check: \(outcome.diagnostics)")
    }

    @Test("node --check can fail: a broken script is reported", .enabled(if: NodeScriptCheck.node != nil, "needs node"))
    func brokenScriptFails() throws {
        let outcome = try NodeScriptCheck.check("const x = ;")
        #expect(outcome.status != 0)
    }

    @Test("the Content-Security-Policy allows no remote loads")
    func contentSecurityPolicy() {
        let policy = WebPlayerPage.contentSecurityPolicy
        #expect(policy.hasPrefix("default-src 'none'"))
        #expect(policy.contains("frame-ancestors 'none'"))
        #expect(!policy.contains("*"))
    }
}
