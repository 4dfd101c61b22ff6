import Foundation

/// The browser player the camera serves (at `/` or `/player`): one self-contained HTML file with
/// inline CSS and JavaScript that subscribes over WHEP, plays video and audio, shows connection
/// state and `getStats()` figures, and reconnects with back-off.
///
/// The page ships as a bundled resource rather than a Swift string literal so that it stays a
/// normal HTML file that editors, `node --check` and a real browser can all read; this type is the
/// only way the server reaches it, so the HTTP layer never needs to know about bundles.
public struct WebPlayerPage: Sendable {
    /// The `Content-Type` to send with ``bytes``.
    public static let contentType = "text/html; charset=utf-8"

    /// A `Content-Security-Policy` header value the page is known to work under (the Chromium
    /// check serves it with this policy): nothing is loaded from anywhere, the inline script and
    /// style run, and `fetch` may reach any WHEP endpoint the user types in, same origin or not.
    public static let contentSecurityPolicy = [
        "default-src 'none'",
        "script-src 'unsafe-inline'",
        "style-src 'unsafe-inline'",
        "connect-src 'self' http: https:",
        "media-src 'self' blob: mediastream:",
        "img-src 'self' data:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ].joined(separator: "; ")

    /// The resource name inside the module bundle.
    static let resourceName = "player"

    /// The page, UTF-8 HTML, ready to be sent as a response body.
    public let bytes: [UInt8]

    /// Reads the bundled page.
    ///
    /// - Throws: ``WebPlayerPageError`` when the bundle lacks the page or it cannot be read, which
    ///   only happens with a broken installation; a server should report it rather than serve an
    ///   empty page.
    public init() throws(WebPlayerPageError) {
        guard let url = Bundle.module.url(forResource: Self.resourceName, withExtension: "html") else {
            throw .resourceMissing(name: "\(Self.resourceName).html")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: url.path, reason: "\(error)")
        }
        guard String(validating: data, as: UTF8.self) != nil else {
            throw .notUTF8(path: url.path)
        }
        bytes = Array(data)
    }
}
