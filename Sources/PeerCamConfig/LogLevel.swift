/// How much the agent logs; the names are swift-log's `Logger.Level`, so an
/// agent maps them one to one.
public enum LogLevel: String, CaseIterable, Equatable, Sendable {
    case trace, debug, info, notice, warning, error, critical

    /// Parses a level name, case-insensitively (`PEERCAM_LOG_LEVEL=DEBUG`).
    public init(parsing text: String) throws(ConfigurationValueProblem) {
        guard let level = LogLevel(rawValue: text.lowercased()) else { throw .notLogLevel }
        self = level
    }
}
