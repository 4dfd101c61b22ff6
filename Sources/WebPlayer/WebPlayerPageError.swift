/// Why the bundled player page could not be loaded. Each case names the broken expectation about
/// the installed bundle, so a server can log something a packager can act on.
public enum WebPlayerPageError: Error, Equatable, Sendable {
    /// The module bundle has no resource of that name (the package was built or copied without it).
    case resourceMissing(name: String)
    /// The resource exists but reading it failed.
    case unreadable(path: String, reason: String)
    /// The page must be UTF-8, because ``WebPlayerPage/contentType`` says so.
    case notUTF8(path: String)
}
