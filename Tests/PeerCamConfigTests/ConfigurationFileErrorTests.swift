import Testing
@testable import PeerCamConfig

/// Every kind of file mistake stops start-up with the file, key and line.
@Suite struct ConfigurationFileErrorTests {
    static let path = "/etc/peercam/camera-agent.toml"

    static func file(_ line: Int) -> ConfigurationSource { .file(path: path, line: line) }

    static func parse(_ text: String) throws(ConfigurationError) -> CameraAgentConfiguration {
        try CameraAgentConfiguration.parse(toml: text, path: path)
    }

    @Test("Unknown keys, at top level, in a table, whole tables, dotted", arguments: [
        ("log_level = \"info\"\ncolour = \"red\"\n", ConfigurationError.unknownKey(key: "colour", source: file(2))),
        ("[video]\nfps = 30\nframerate = 30\n", .unknownKey(key: "video.framerate", source: file(3))),
        ("# speakers\n\n[speaker]\nvolume = 3\n", .unknownKey(key: "speaker", source: file(3))),
        ("video.fps = 25\nvideo.gamma = 2\n", .unknownKey(key: "video.gamma", source: file(2))),
        ("[video]\n  \"fps\" = 25\n  \"frame rate\" = 2\n", .unknownKey(key: "video.frame rate", source: file(3))),
    ])
    func unknownKey(text: String, expected: ConfigurationError) {
        #expect(throws: expected) { try Self.parse(text) }
    }

    @Test("Wrong TOML types", arguments: [
        ("[video]\nfps = \"30\"\n", ConfigurationError.wrongType(
            key: "video.fps", expected: "an integer", found: "a TOML string", source: file(2))),
        ("[metrics]\nenabled = \"yes\"\n", .wrongType(
            key: "metrics.enabled", expected: "a boolean", found: "a TOML string", source: file(2))),
        ("listen = 8443\n", .wrongType(key: "listen", expected: "a string", found: "a TOML integer", source: file(1))),
        ("[ice]\nhost_addresses = \"10.0.0.2\"\n", .wrongType(
            key: "ice.host_addresses", expected: "an array of strings", found: "a TOML string", source: file(2))),
        ("[ice]\nhost_addresses = [\"10.0.0.2\", 7]\n", .wrongType(
            key: "ice.host_addresses", expected: "an array of strings", found: "a TOML integer", source: file(2))),
        ("[video]\nbitrate = 2.5e6\n", .wrongType(
            key: "video.bitrate", expected: "an integer", found: "a TOML floating-point number", source: file(2))),
        ("video = \"test\"\n", .wrongType(key: "video", expected: "a table", found: "a TOML string", source: file(1))),
        ("[ice]\nservers = [\"stun:a\"]\n", .wrongType(
            key: "ice.servers", expected: "an array of tables", found: "an array holding a TOML string", source: file(2))),
    ])
    func wrongType(text: String, expected: ConfigurationError) {
        #expect(throws: expected) { try Self.parse(text) }
    }

    @Test("Values that break an option's rule", arguments: [
        ("[video]\nfps = 0\n", "video.fps", "0", ConfigurationValueProblem.outOfRange(1...60), 2),
        ("[video]\nbitrate = 1\n", "video.bitrate", "1", .outOfRange(50_000...20_000_000), 2),
        ("listen = \"8443\"\n", "listen", "\"8443\"", .notHostAndPort, 1),
        ("listen = \"::1:8443\"\n", "listen", "\"::1:8443\"", .notHostAndPort, 1),
        ("\n\n[video]\nsize = \"1281x720\"\n", "video.size", "\"1281x720\"", .notVideoSize, 4),
        ("[video]\ndevice = \"/dev/sda\"\n", "video.device", "\"/dev/sda\"", .notVideoDevice, 2),
        ("[audio]\ndevice = \"hw 1\"\n", "audio.device", "\"hw 1\"", .notAudioDevice, 2),
        ("log_level = \"loud\"\n", "log_level", "\"loud\"", .notLogLevel, 1),
        ("state_dir = \"var/lib/peercam\"\n", "state_dir", "\"var/lib/peercam\"", .notAbsolutePath, 1),
        ("[ice]\nhost_addresses = [\"10.0.0.2\", \"eth0\"]\n", "ice.host_addresses",
         "[\"10.0.0.2\", \"eth0\"]", .notIPAddress("eth0"), 2),
        ("[pairing]\nmax_attempts = 1000\n", "pairing.max_attempts", "1000", .outOfRange(1...20), 2),
    ])
    func invalidValue(text: String, key: String, value: String, problem: ConfigurationValueProblem, line: Int) {
        #expect(throws: ConfigurationError.invalidValue(key: key, value: value, problem: problem, source: Self.file(line))) {
            try Self.parse(text)
        }
    }

    @Test("ICE server tables: schemes, TURN credentials, unknown fields")
    func iceServers() throws {
        let good = try Self.parse("""
            [[ice.servers]]
            urls = ["stun:stun.example.net:3478"]

            [[ice.servers]]
            urls = ["turn:turn.example.net:3478?transport=udp"]
            username = "cam"
            credential = "secret"
            """)
        #expect(good.ice.servers == [
            ICEServer(urls: ["stun:stun.example.net:3478"]),
            ICEServer(urls: ["turn:turn.example.net:3478?transport=udp"], username: "cam", credential: "secret"),
        ])
        #expect(throws: ConfigurationError.invalidValue(
            key: "ice.servers", value: "1 server(s)", problem: .turnServerWithoutCredentials, source: Self.file(2))) {
            try Self.parse("\n[[ice.servers]]\nurls = [\"turn:t.example.net\"]\n")
        }
        #expect(throws: ConfigurationError.invalidValue(
            key: "ice.servers", value: "1 server(s)", problem: .notICEServerURL("http://x"), source: Self.file(1))) {
            try Self.parse("[[ice.servers]]\nurls = [\"http://x\"]\n")
        }
        #expect(throws: ConfigurationError.self) {
            try Self.parse("[[ice.servers]]\nurls = [\"stun:x\"]\npassword = \"p\"\n")
        }
    }

    @Test("TOML syntax errors carry file, line and column from toml++")
    func syntax() {
        let text = "log_level = \"info\"\n[video]\nfps = \n"
        #expect {
            try Self.parse(text)
        } throws: { error in
            guard case .tomlSyntax(let path, let line, let column, let message) = error as? ConfigurationError else {
                return false
            }
            return path == Self.path && line == 3 && column >= 1 && !message.isEmpty
        }
        #expect(throws: ConfigurationError.self) { try Self.parse("[video]\nfps = 30\nfps = 25\n") }
    }

    @Test("With several mistakes, the first one in the file is reported")
    func firstMistakeWins() {
        let text = "[video]\nfps = 0\nzoom = 2\n[audio]\ndevice = 5\n"
        #expect(throws: ConfigurationError.unknownKey(key: "video.zoom", source: Self.file(3))) { try Self.parse(text) }
    }

    @Test("A rule over two keys: per-stream cap above the total")
    func crossRule() {
        #expect(throws: ConfigurationError.invalidValue(
            key: "viewers.max_total", value: "4", problem: .perStreamCapAboveTotal, source: Self.file(2))) {
            try Self.parse("[viewers]\nmax_total = 4\n")
        }
    }

    @Test("Error text an operator reads names file:line and the key")
    func description() {
        let error = ConfigurationError.wrongType(key: "video.fps", expected: "an integer", found: "a TOML string",
                                                 source: Self.file(7))
        #expect(error.description == "/etc/peercam/camera-agent.toml:7: 'video.fps' must be an integer, found a TOML string")
    }
}
