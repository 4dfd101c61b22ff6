/// What `viewer-agent` needs beyond its subcommand's arguments.
///
/// The configuration directory holds the paired cameras (0600 file) and,
/// optionally, `viewer-agent.toml`; it follows the XDG base directory rules
/// unless `--config-dir` or `PEERCAM_CONFIG_DIR` says otherwise.
public struct ViewerAgentConfiguration: Equatable, Sendable {
    /// Paired cameras and tokens; resolved before the file is read, since
    /// the file lives in it.
    public var configDirectory: String
    /// The camera `watch` uses when none is named; nil means "the only
    /// paired camera, or ask".
    public var defaultCamera: String?
    public var logLevel = LogLevel.info
    public var reconnect = Reconnect()
    public var output = Output()

    public init(configDirectory: String) {
        self.configDirectory = configDirectory
    }

    /// Bounded, jittered exponential back-off between reconnection attempts.
    public struct Reconnect: Equatable, Sendable {
        public var initialDelayMilliseconds = 500
        public var maxDelayMilliseconds = 30_000
        public init() {}
    }

    /// Defaults for `watch` outputs.
    public struct Output: Equatable, Sendable {
        /// Where relative `--video-out`/`--audio-out`/`--record` paths go.
        public var directory = "."
        /// The live one-line status: `auto` (only on a terminal), `always`, `never`.
        public var statusLine = StatusLine.auto
        public init() {}
    }

    public enum StatusLine: String, CaseIterable, Equatable, Sendable {
        case auto, always, never
    }

    /// `$XDG_CONFIG_HOME/peercam`, else `$HOME/.config/peercam`, else a
    /// relative `.peercam` (a service account without a home).
    public static func defaultConfigDirectory(environment: [String: String]) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/peercam" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.config/peercam" }
        return ".peercam"
    }
}

extension ViewerAgentConfiguration.StatusLine: TextConfigurationValue {
    public init(parsing text: String) throws(ConfigurationValueProblem) {
        guard let value = Self(rawValue: text.lowercased()) else { throw .notStatusLineMode }
        self = value
    }
}
