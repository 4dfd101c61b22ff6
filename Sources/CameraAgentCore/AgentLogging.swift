import Logging
import PeerCamConfig

/// Log set-up shared by the agents: swift-log to standard error (journald adds the time
/// and unit), one line per event with its metadata (`session=… viewer=…`) as key=value.
public enum AgentLogging {
    public static func bootstrap(label: String, level: LogLevel) -> Logger {
        let swiftLogLevel = Logger.Level(rawValue: level.rawValue) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = swiftLogLevel
            return handler
        }
        var logger = Logger(label: label)
        logger.logLevel = swiftLogLevel
        return logger
    }
}
