/// Values given on `viewer-agent`'s command line; nil means "flag not given".
public struct ViewerAgentOverrides: Equatable, Sendable {
    /// `--config-dir`.
    public var configDirectory: String?
    /// `--config`: a file named here must exist; otherwise
    /// `<config dir>/viewer-agent.toml` is read if present.
    public var configFile: String?
    public var logLevel: LogLevel?

    public init(configDirectory: String? = nil, configFile: String? = nil, logLevel: LogLevel? = nil) {
        self.configDirectory = configDirectory
        self.configFile = configFile
        self.logLevel = logLevel
    }
}

extension ViewerAgentConfiguration {
    /// The name of the optional file in the configuration directory.
    public static let configFileName = "viewer-agent.toml"

    static var options: [ConfigurationOption<Self>] {
        [
            .value("default_camera", environment: "PEERCAM_CAMERA", \.defaultCamera) {
                $0?.isEmpty == true ? .empty : nil
            },
            .value("log_level", environment: "PEERCAM_LOG_LEVEL", \.logLevel),
            .integer("reconnect.initial_delay_ms", environment: "PEERCAM_RECONNECT_INITIAL_DELAY_MS",
                     \.reconnect.initialDelayMilliseconds, in: 10...60_000),
            .integer("reconnect.max_delay_ms", environment: "PEERCAM_RECONNECT_MAX_DELAY_MS",
                     \.reconnect.maxDelayMilliseconds, in: 100...600_000),
            .value("output.directory", environment: "PEERCAM_OUTPUT_DIR", \.output.directory) {
                $0.isEmpty ? .empty : nil
            },
            .value("output.status_line", environment: "PEERCAM_STATUS_LINE", \.output.statusLine),
        ]
    }

    static var crossRules: [ConfigurationCrossRule<Self>] {
        [
            ConfigurationCrossRule(keys: ["reconnect.initial_delay_ms", "reconnect.max_delay_ms"]) {
                $0.reconnect.initialDelayMilliseconds > $0.reconnect.maxDelayMilliseconds ? .initialDelayAboveMaximum : nil
            },
        ]
    }

    /// Defaults, then `viewer-agent.toml`, then `PEERCAM_…`, then flags.
    ///
    /// The configuration directory is settled first (flag, `PEERCAM_CONFIG_DIR`,
    /// XDG default) because the file is looked for inside it.
    public static func resolve(
        commandLine: ViewerAgentOverrides = ViewerAgentOverrides(),
        environment: [String: String]
    ) throws(ConfigurationError) -> ViewerAgentConfiguration {
        let directory = commandLine.configDirectory
            ?? environment["PEERCAM_CONFIG_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? defaultConfigDirectory(environment: environment)
        var configuration = ViewerAgentConfiguration(configDirectory: directory)
        var loader = ConfigurationLoader(options: options, crossRules: crossRules)
        let file = commandLine.configFile ?? directory + "/" + configFileName
        try loader.applyFile(at: file, required: commandLine.configFile != nil, to: &configuration)
        try loader.applyEnvironment(environment, to: &configuration)
        loader.applyOverride(commandLine.logLevel, to: \.logLevel, key: "log_level", flag: "--log-level",
                             root: &configuration)
        try loader.checkOptions(configuration)
        return configuration
    }

    /// Defaults (with `configDirectory`) overlaid with one TOML document.
    public static func parse(
        toml text: String, path: String, configDirectory: String
    ) throws(ConfigurationError) -> ViewerAgentConfiguration {
        var configuration = ViewerAgentConfiguration(configDirectory: configDirectory)
        var loader = ConfigurationLoader(options: options, crossRules: crossRules)
        try loader.applyTOML(text, path: path, to: &configuration)
        return configuration
    }
}
