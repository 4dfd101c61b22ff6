/// Why the player page could not be loaded. Each case names the broken expectation about the
/// installation, so a server can log something a packager can act on.
public enum WebPlayerPageError: Error, Equatable, Sendable {
    /// None of the searched directories holds `player.html` (the binary was installed without
    /// its `PeerCam_WebPlayer.resources` directory).
    case resourceMissing(searched: [String])
    /// The file exists but reading it failed.
    case unreadable(path: String, reason: String)
    /// The page must be UTF-8, because ``WebPlayerPage/contentType`` says so.
    case notUTF8(path: String)
}
