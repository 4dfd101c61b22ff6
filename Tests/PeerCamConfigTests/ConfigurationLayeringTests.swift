import Foundation
import Testing
@testable import PeerCamConfig

/// defaults < file < PEERCAM_* environment < command-line flags, with each
/// layer's mistakes blamed on that layer.
@Suite struct ConfigurationLayeringTests {
    /// A configuration file in a fresh temporary directory.
    static func writeFile(_ text: String, name: String = "camera-agent.toml") throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("peercam-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let noDefaultFile = "/nonexistent/peercam/camera-agent.toml"

    @Test("Later layers win: file < environment < command line")
    func order() throws {
        let path = try Self.writeFile("[video]\nfps = 25\nbitrate = 1000000\nsize = \"640x480\"\n")
        let fileOnly = try CameraAgentConfiguration.resolve(
            commandLine: CameraAgentOverrides(configFile: path), environment: [:])
        #expect(fileOnly.video.framesPerSecond == 25)
        #expect(fileOnly.video.size == VideoSize(width: 640, height: 480))

        let environment = ["PEERCAM_FPS": "20", "PEERCAM_LISTEN": "[::]:9443", "PEERCAM_AUDIO": "hw:1,0",
                           "PEERCAM_ICE_HOST_ADDRESSES": "10.0.0.2, fd00::2", "PEERCAM_ICE_INCLUDE_LOOPBACK": "yes",
                           "PEERCAM_UNRELATED": "ignored"]
        let withEnvironment = try CameraAgentConfiguration.resolve(
            commandLine: CameraAgentOverrides(configFile: path), environment: environment)
        #expect(withEnvironment.video.framesPerSecond == 20)
        #expect(withEnvironment.video.bitrate == 1_000_000)
        #expect(withEnvironment.listen == HostPort(host: "::", port: 9443))
        #expect(withEnvironment.audio.device == .alsa(name: "hw:1,0"))
        #expect(withEnvironment.ice.hostAddresses == ["10.0.0.2", "fd00::2"])
        #expect(withEnvironment.ice.includeLoopback)

        let flags = CameraAgentOverrides(configFile: path, framesPerSecond: 15, audioDevice: .testTone)
        let all = try CameraAgentConfiguration.resolve(commandLine: flags, environment: environment)
        #expect(all.video.framesPerSecond == 15)
        #expect(all.audio.device == .testTone)
        #expect(all.listen == HostPort(host: "::", port: 9443))
        #expect(all.video.size == VideoSize(width: 640, height: 480))
    }

    @Test("The config file comes from --config, else PEERCAM_CONFIG, else the default path")
    func fileChoice() throws {
        let viaEnvironment = try Self.writeFile("[video]\nfps = 12\n")
        let viaFlag = try Self.writeFile("[video]\nfps = 24\n")
        let chosenByEnvironment = try CameraAgentConfiguration.resolve(
            environment: ["PEERCAM_CONFIG": viaEnvironment], defaultConfigFile: Self.noDefaultFile)
        #expect(chosenByEnvironment.video.framesPerSecond == 12)
        let chosenByFlag = try CameraAgentConfiguration.resolve(
            commandLine: CameraAgentOverrides(configFile: viaFlag),
            environment: ["PEERCAM_CONFIG": viaEnvironment], defaultConfigFile: Self.noDefaultFile)
        #expect(chosenByFlag.video.framesPerSecond == 24)
        let defaultPath = try CameraAgentConfiguration.resolve(environment: [:], defaultConfigFile: viaFlag)
        #expect(defaultPath.video.framesPerSecond == 24)
    }

    @Test("A missing default file means defaults; a missing named file is an error")
    func missingFile() throws {
        #expect(try CameraAgentConfiguration.resolve(environment: [:], defaultConfigFile: Self.noDefaultFile)
                == CameraAgentConfiguration())
        #expect(throws: ConfigurationError.unreadableFile(path: Self.noDefaultFile, errno: ENOENT)) {
            try CameraAgentConfiguration.resolve(commandLine: CameraAgentOverrides(configFile: Self.noDefaultFile),
                                                 environment: [:])
        }
        let directory = FileManager.default.temporaryDirectory.path
        #expect(throws: ConfigurationError.unreadableFile(path: directory, errno: EISDIR)) {
            try CameraAgentConfiguration.resolve(environment: ["PEERCAM_CONFIG": directory])
        }
        #expect(ConfigurationError.unreadableFile(path: "/x.toml", errno: ENOENT).description
                == "/x.toml: cannot read configuration file: No such file or directory")
    }

    @Test("Bytes that are not UTF-8 are a syntax error on their line, not replacement characters")
    func invalidUTF8() throws {
        let path = try Self.writeFile("")
        try Data("# camera\n# caf\u{e9}\n".utf8 + [0x23, 0x20, 0xE9, 0x0A] + Data("[video]\nfps = 25\n".utf8))
            .write(to: URL(fileURLWithPath: path))
        #expect(throws: ConfigurationError.tomlSyntax(path: path, line: 3, column: 1,
                                                      message: "not valid UTF-8 (TOML files must be UTF-8)")) {
            try CameraAgentConfiguration.resolve(commandLine: CameraAgentOverrides(configFile: path), environment: [:])
        }
    }

    @Test("A file error names the real file path and line")
    func fileErrorPath() throws {
        let path = try Self.writeFile("# camera\n\n[video]\nfps = 500\n")
        #expect(throws: ConfigurationError.invalidValue(
            key: "video.fps", value: "500", problem: .outOfRange(1...60), source: .file(path: path, line: 4))) {
            try CameraAgentConfiguration.resolve(commandLine: CameraAgentOverrides(configFile: path), environment: [:])
        }
    }

    @Test("Environment mistakes name the variable", arguments: [
        ("PEERCAM_FPS", "thirty", "video.fps", ConfigurationValueProblem.notAnInteger),
        ("PEERCAM_FPS", "0", "video.fps", .outOfRange(1...60)),
        ("PEERCAM_METRICS", "maybe", "metrics.enabled", .notABoolean),
        ("PEERCAM_LISTEN", "localhost", "listen", .notHostAndPort),
        ("PEERCAM_VIDEO", "/dev/video", "video.device", .notVideoDevice),
        ("PEERCAM_LOG_LEVEL", "verbose", "log_level", .notLogLevel),
        ("PEERCAM_ICE_HOST_ADDRESSES", "10.0.0.2,10.0.0", "ice.host_addresses", .notIPAddress("10.0.0")),
        ("PEERCAM_STATE_DIR", "state", "state_dir", .notAbsolutePath),
    ])
    func environmentErrors(variable: String, text: String, key: String, problem: ConfigurationValueProblem) {
        #expect {
            try CameraAgentConfiguration.resolve(environment: [variable: text], defaultConfigFile: Self.noDefaultFile)
        } throws: { error in
            guard case .invalidValue(let errorKey, _, let errorProblem, let source) = error as? ConfigurationError else {
                return false
            }
            return errorKey == key && errorProblem == problem && source == .environment(variable: variable)
        }
    }

    @Test("Flag mistakes name the flag")
    func commandLineErrors() {
        #expect(throws: ConfigurationError.invalidValue(
            key: "video.fps", value: "0", problem: .outOfRange(1...60), source: .commandLine(flag: "--fps"))) {
            try CameraAgentConfiguration.resolve(commandLine: CameraAgentOverrides(framesPerSecond: 0),
                                                 environment: [:], defaultConfigFile: Self.noDefaultFile)
        }
        #expect(throws: ConfigurationError.invalidValue(
            key: "state_dir", value: "\"relative\"", problem: .notAbsolutePath,
            source: .commandLine(flag: "--state-dir"))) {
            try CameraAgentConfiguration.resolve(commandLine: CameraAgentOverrides(stateDirectory: "relative"),
                                                 environment: [:], defaultConfigFile: Self.noDefaultFile)
        }
    }

    @Test("A two-key rule is blamed on the layer that set a key last")
    func crossRuleBlame() throws {
        let path = try Self.writeFile("[viewers]\nmax_total = 10\n")
        #expect(throws: ConfigurationError.invalidValue(
            key: "viewers.max_per_stream", value: "12", problem: .perStreamCapAboveTotal,
            source: .environment(variable: "PEERCAM_MAX_VIEWERS_PER_STREAM"))) {
            try CameraAgentConfiguration.resolve(
                commandLine: CameraAgentOverrides(configFile: path),
                environment: ["PEERCAM_MAX_VIEWERS_PER_STREAM": "12"])
        }
    }
}
