/// Values given on `camera-agent run`'s command line; nil means "flag not given".
///
/// The agent's argument parser fills this in (the value types parse flag
/// text with `init(parsing:)`, throwing ``ConfigurationValueProblem``) and
/// calls ``CameraAgentConfiguration/resolve(commandLine:environment:)``.
public struct CameraAgentOverrides: Equatable, Sendable {
    /// `--config`: a file named here must exist.
    public var configFile: String?
    public var stateDirectory: String?
    public var listen: HostPort?
    public var adminSocket: String?
    public var logLevel: LogLevel?
    public var videoDevice: VideoSourceSelection?
    public var videoSize: VideoSize?
    public var framesPerSecond: Int?
    public var bitrate: Int?
    public var audioDevice: AudioSourceSelection?

    public init(
        configFile: String? = nil, stateDirectory: String? = nil, listen: HostPort? = nil,
        adminSocket: String? = nil, logLevel: LogLevel? = nil, videoDevice: VideoSourceSelection? = nil,
        videoSize: VideoSize? = nil, framesPerSecond: Int? = nil, bitrate: Int? = nil,
        audioDevice: AudioSourceSelection? = nil
    ) {
        self.configFile = configFile
        self.stateDirectory = stateDirectory
        self.listen = listen
        self.adminSocket = adminSocket
        self.logLevel = logLevel
        self.videoDevice = videoDevice
        self.videoSize = videoSize
        self.framesPerSecond = framesPerSecond
        self.bitrate = bitrate
        self.audioDevice = audioDevice
    }

    /// Applies the flags that were given, naming each flag as the source.
    func apply(to root: inout CameraAgentConfiguration, loader: inout ConfigurationLoader<CameraAgentConfiguration>) {
        loader.applyOverride(stateDirectory, to: \.stateDirectory, key: "state_dir", flag: "--state-dir", root: &root)
        loader.applyOverride(listen, to: \.listen, key: "listen", flag: "--listen", root: &root)
        loader.applyOverride(adminSocket, to: \.adminSocket, key: "admin_socket", flag: "--admin-socket", root: &root)
        loader.applyOverride(logLevel, to: \.logLevel, key: "log_level", flag: "--log-level", root: &root)
        loader.applyOverride(videoDevice, to: \.video.device, key: "video.device", flag: "--video", root: &root)
        loader.applyOverride(videoSize, to: \.video.size, key: "video.size", flag: "--size", root: &root)
        loader.applyOverride(framesPerSecond, to: \.video.framesPerSecond, key: "video.fps", flag: "--fps", root: &root)
        loader.applyOverride(bitrate, to: \.video.bitrate, key: "video.bitrate", flag: "--bitrate", root: &root)
        loader.applyOverride(audioDevice, to: \.audio.device, key: "audio.device", flag: "--audio", root: &root)
    }
}

extension CameraAgentConfiguration {
    /// The configuration the agent runs with: defaults, then the TOML file,
    /// then `PEERCAM_…` variables, then command-line flags; later layers win.
    ///
    /// The file is `--config`, else `PEERCAM_CONFIG`, else
    /// `defaultConfigFile`; only the default may be missing.
    ///
    /// - Throws: ``ConfigurationError`` naming the file and line, variable or
    ///   flag at fault; the agent prints it and exits non-zero.
    public static func resolve(
        commandLine: CameraAgentOverrides = CameraAgentOverrides(),
        environment: [String: String],
        defaultConfigFile: String = CameraAgentConfiguration.defaultConfigFile
    ) throws(ConfigurationError) -> CameraAgentConfiguration {
        var configuration = CameraAgentConfiguration()
        var loader = ConfigurationLoader(options: options, crossRules: crossRules)
        let explicitFile = commandLine.configFile ?? environment["PEERCAM_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        try loader.applyFile(at: explicitFile ?? defaultConfigFile, required: explicitFile != nil, to: &configuration)
        try loader.applyEnvironment(environment, to: &configuration)
        commandLine.apply(to: &configuration, loader: &loader)
        try loader.checkOptions(configuration)
        return configuration
    }

    /// Defaults overlaid with one TOML document; `path` is only named in errors.
    public static func parse(toml text: String, path: String) throws(ConfigurationError) -> CameraAgentConfiguration {
        var configuration = CameraAgentConfiguration()
        var loader = ConfigurationLoader(options: options, crossRules: crossRules)
        try loader.applyTOML(text, path: path, to: &configuration)
        return configuration
    }
}
