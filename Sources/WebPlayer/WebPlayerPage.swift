import Foundation

/// The browser player the camera serves (at `/` or `/player`): one self-contained HTML file with
/// inline CSS and JavaScript that subscribes over WHEP, plays video and audio, shows connection
/// state and `getStats()` figures, and reconnects with back-off.
///
/// The page ships as a bundled resource rather than a Swift string literal so that it stays a
/// normal HTML file that editors, `node --check` and a real browser can all read; this type is the
/// only way the server reaches it, so the HTTP layer never needs to know about bundles.
///
/// - Important: SwiftPM's generated `Bundle.module` calls `fatalError` when the resource bundle is
///   missing, which is exactly what happens when a release binary is copied somewhere without
///   `PeerCam_WebPlayer.resources` beside it. This type looks the bundle up itself and throws
///   ``WebPlayerPageError/resourceMissing(searched:)`` instead, so a camera without its page still
///   streams and can say why `/player` is unavailable. Install the bundle directory next to
///   `camera-agent`, or pass the directory that holds it.
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

    /// The directory SwiftPM builds for this target's resources (`<package>_<target>.resources`).
    public static let bundleDirectoryName = "PeerCam_WebPlayer.resources"
    static let fileName = "player.html"

    /// Where ``init(searching:)`` looks by default, in order: beside the running executable (where
    /// SwiftPM puts the bundle for `swift build`/`swift test`), `../share/peercam` from the
    /// executable (where `make install` puts the page: `/usr/local/bin/camera-agent` →
    /// `/usr/local/share/peercam/player.html`), then the source tree this module was compiled
    /// from (development checkouts).
    public static var defaultSearchDirectories: [URL] {
        var directories = [Bundle.main.bundleURL.appendingPathComponent(bundleDirectoryName)]
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            let binDirectory = executable.deletingLastPathComponent()
            directories.append(binDirectory.appendingPathComponent(bundleDirectoryName))
            directories.append(binDirectory.deletingLastPathComponent().appendingPathComponent("share/peercam"))
        }
        directories.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources"))
        return directories
    }

    /// The page, UTF-8 HTML, ready to be sent as a response body.
    public let bytes: [UInt8]
    /// The file it was read from.
    public let location: URL

    /// Reads `player.html` from the first of `directories` that has it.
    ///
    /// - Throws: ``WebPlayerPageError`` when no directory has the page, it cannot be read or it is
    ///   not UTF-8; a server should log it and answer `/player` with an error, not an empty page.
    public init(searching directories: [URL] = WebPlayerPage.defaultSearchDirectories) throws(WebPlayerPageError) {
        guard let file = directories.map({ $0.appendingPathComponent(Self.fileName) })
            .first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw .resourceMissing(searched: directories.map(\.path))
        }
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw .unreadable(path: file.path, reason: "\(error)")
        }
        guard String(validating: data, as: UTF8.self) != nil else {
            throw .notUTF8(path: file.path)
        }
        bytes = Array(data)
        location = file
    }
}
