import Foundation
import Testing
@testable import PeerCamConfig

@Suite struct ViewerAgentConfigurationTests {
    @Test("The configuration directory: flag, PEERCAM_CONFIG_DIR, XDG_CONFIG_HOME, HOME", arguments: [
        (ViewerAgentOverrides(configDirectory: "/flag"), ["PEERCAM_CONFIG_DIR": "/env", "HOME": "/home/u"], "/flag"),
        (ViewerAgentOverrides(), ["PEERCAM_CONFIG_DIR": "/env", "XDG_CONFIG_HOME": "/xdg"], "/env"),
        (ViewerAgentOverrides(), ["XDG_CONFIG_HOME": "/xdg", "HOME": "/home/u"], "/xdg/peercam"),
        (ViewerAgentOverrides(), ["XDG_CONFIG_HOME": "relative", "HOME": "/home/u"], "/home/u/.config/peercam"),
        (ViewerAgentOverrides(), [:], ".peercam"),
    ])
    func configDirectory(flags: ViewerAgentOverrides, environment: [String: String], expected: String) throws {
        var environment = environment
        if environment["HOME"] == nil && environment["XDG_CONFIG_HOME"] == nil && environment["PEERCAM_CONFIG_DIR"] == nil
            && flags.configDirectory == nil {
            environment["HOME"] = nil
        }
        let configuration = try ViewerAgentConfiguration.resolve(commandLine: flags, environment: environment)
        #expect(configuration.configDirectory == expected)
    }

    @Test("viewer-agent.toml is read from the configuration directory, then env and flags override it")
    func layering() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("peercam-viewer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try """
            default_camera = "porch"
            log_level = "debug"
            [reconnect]
            initial_delay_ms = 250
            [output]
            status_line = "never"
            """.write(to: directory.appendingPathComponent("viewer-agent.toml"), atomically: true, encoding: .utf8)
        let fromFile = try ViewerAgentConfiguration.resolve(
            commandLine: ViewerAgentOverrides(configDirectory: directory.path), environment: [:])
        #expect(fromFile.defaultCamera == "porch")
        #expect(fromFile.logLevel == .debug)
        #expect(fromFile.reconnect.initialDelayMilliseconds == 250)
        #expect(fromFile.output.statusLine == .never)

        let layered = try ViewerAgentConfiguration.resolve(
            commandLine: ViewerAgentOverrides(configDirectory: directory.path, logLevel: .error),
            environment: ["PEERCAM_CAMERA": "garage", "PEERCAM_LOG_LEVEL": "trace", "PEERCAM_STATUS_LINE": "always"])
        #expect(layered.defaultCamera == "garage")
        #expect(layered.logLevel == .error)
        #expect(layered.output.statusLine == .always)
        let unset = try ViewerAgentConfiguration.resolve(
            commandLine: ViewerAgentOverrides(configDirectory: directory.path), environment: ["PEERCAM_CAMERA": ""])
        #expect(unset.defaultCamera == nil)
    }

    @Test("Viewer file mistakes name file, key and line", arguments: [
        ("[reconnect]\ninitial_delay_ms = 5000\nmax_delay_ms = 1000\n", ConfigurationError.invalidValue(
            key: "reconnect.max_delay_ms", value: "1000", problem: .initialDelayAboveMaximum,
            source: .file(path: "v.toml", line: 3))),
        ("[output]\nstatus_line = \"sometimes\"\n", .invalidValue(
            key: "output.status_line", value: "\"sometimes\"", problem: .notStatusLineMode,
            source: .file(path: "v.toml", line: 2))),
        ("default_camera = \"\"\n", .invalidValue(
            key: "default_camera", value: "\"\"", problem: .empty, source: .file(path: "v.toml", line: 1))),
        ("default_camera = 3\n", .wrongType(
            key: "default_camera", expected: "a string", found: "a TOML integer", source: .file(path: "v.toml", line: 1))),
        ("config_dir = \"/x\"\n", .unknownKey(key: "config_dir", source: .file(path: "v.toml", line: 1))),
    ])
    func errors(text: String, expected: ConfigurationError) {
        #expect(throws: expected) {
            try ViewerAgentConfiguration.parse(toml: text, path: "v.toml", configDirectory: "/c")
        }
    }
}
