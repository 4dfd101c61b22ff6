import ArgumentParser
import Foundation
import Logging
import PeerCamConfig

/// Flags every subcommand takes: where the configuration lives and how much to log.
struct CommonOptions: ParsableArguments {
    @Option(name: .customLong("config-dir"), help: "Directory of the paired cameras and viewer-agent.toml (default: $XDG_CONFIG_HOME/peercam).")
    var configDirectory: String?

    @Option(name: .customLong("config"), help: "A viewer-agent.toml to read (must exist).")
    var configFile: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (logs go to stderr).")
    var logLevel: String?

    /// Resolves the configuration: defaults, file, `PEERCAM_…` environment, these flags.
    func resolve(environment: [String: String]) throws(ViewerFailure) -> ViewerAgentConfiguration {
        var level: LogLevel?
        if let logLevel {
            do { level = try LogLevel(parsing: logLevel) } catch { throw .usage("--log-level \(logLevel): \(error)") }
        }
        do {
            return try ViewerAgentConfiguration.resolve(
                commandLine: ViewerAgentOverrides(configDirectory: configDirectory, configFile: configFile, logLevel: level),
                environment: environment)
        } catch {
            throw .usage(error.description)
        }
    }

    /// A logger writing to standard error at the configured level. Made per command rather
    /// than with `LoggingSystem.bootstrap`, which may run only once per process.
    static func logger(_ configuration: ViewerAgentConfiguration, label: String = "peercam.viewer") -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: configuration.logLevel.rawValue) ?? .info
        return logger
    }
}

/// Shared ending of every subcommand: the failure on stderr, its exit code to the shell.
enum CommandExit {
    static func fail(_ failure: ViewerFailure) -> ExitCode {
        FileHandle.standardError.write(Data("viewer-agent: error: \(failure)\n".utf8))
        return ExitCode(failure.exitCode.rawValue)
    }
}
